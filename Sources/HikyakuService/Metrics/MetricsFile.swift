// MetricsFile.swift — writes the metrics atomically (temporary file + rename in the same directory).
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// A Prometheus text file for node_exporter's textfile collector. A reader sees the old file or
/// the new one, never half of one: the text goes to `.<name>.<pid>.tmp` beside it (a dot file,
/// which the collector ignores), then is renamed over it.
public struct MetricsFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Replaces the file with `text` (mode 0644, so the collector's user can read it).
    public func write(_ text: String) throws(FileFailure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessIdentity.current).tmp")
            .path
        unlink(temporary)
        let fd = try Files.writeDurablyKeepingOpen(Data(text.utf8), to: temporary, modified: nil)
        fchmod(fd, 0o644)
        close(fd)
        do { try Files.rename(temporary, path) } catch { unlink(temporary); throw error }
    }
}
