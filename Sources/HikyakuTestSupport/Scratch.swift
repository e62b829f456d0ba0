// Scratch.swift — throw-away directories for tests and the bench, under $TMPDIR.
import Foundation

/// Scratch workspaces: a fresh, empty directory per call, for the caller to remove.
public enum Scratch {
    /// Creates `$TMPDIR/<prefix>-<UUID>` and returns it.
    public static func directory(prefix: String = "hikyaku-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
