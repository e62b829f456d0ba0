// TokenTestSupport.swift — shared helpers for the Tokens tests: fixtures, temp dirs, the secrets-on-disk audit.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

/// Helpers shared by the Tokens test cases.
enum TokenTestSupport {
    /// `fixtures/vectors/<name>` in the package, found from this file's path.
    static func vectorsURL(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // HikyakuTokensTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("fixtures/vectors/\(name)")
    }

    /// Parses a vectors file as a JSON object.
    static func loadVectors(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: vectorsURL(name))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A new empty directory under the system temp directory.
    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hk-tokens-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Fixed secret bytes for tests (never a production secret).
    static let secretBytes: [UInt8] = Array(0x20..<0x40)

    /// The pinned start time: 2026-11-21T12:05:00Z.
    static let start = Date(timeIntervalSince1970: 1_795_262_700)

    /// A deterministic 32-byte seed.
    static func seed(_ label: String) -> [UInt8] { SHA256.hash("seed/" + label) }

    /// Every text form a secret value could take in a file.
    static func forms(of bytes: [UInt8]) -> [String] {
        let data = Data(bytes)
        return [
            Base16.encode(bytes), Base16.encode(bytes).uppercased(), Base64URL.encode(bytes),
            data.base64EncodedString(), String(decoding: bytes, as: UTF8.self),
        ].filter { $0.count >= 6 }
    }

    /// Fails if any file under `directory` contains any of `needles` (as bytes), or raw `rawNeedles`.
    static func assertNothingSecret(
        under directory: URL, needles: [String], rawNeedles: [[UInt8]] = [],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil))
        var filesSeen = 0
        for case let url as URL in enumerator {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            filesSeen += 1
            let bytes = try [UInt8](Data(contentsOf: url))
            let names = [url.lastPathComponent]
            for needle in needles where !needle.isEmpty {
                XCTAssertFalse(contains(bytes, Array(needle.utf8)), "\(url.lastPathComponent) holds a secret form", file: file, line: line)
                XCTAssertFalse(names.contains { $0.contains(needle) }, "a file name holds a secret form", file: file, line: line)
            }
            for raw in rawNeedles {
                XCTAssertFalse(contains(bytes, raw), "\(url.lastPathComponent) holds raw secret bytes", file: file, line: line)
            }
        }
        XCTAssertGreaterThan(filesSeen, 1, "the audit must have files to look at", file: file, line: line)
    }

    /// Whether `haystack` contains `needle` as a contiguous run.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}

/// A thread-safe tally for concurrency tests.
final class TokenTally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    func add(_ key: String) {
        lock.lock()
        counts[key, default: 0] += 1
        lock.unlock()
    }

    subscript(key: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[key, default: 0]
    }
}

/// The storage a store test runs over: the state directory, or `MemoryTokenStorage`.
enum TokenStorageKind {
    case files
    case memory
}

/// Makes stores that share one storage, as separate processes share one state directory.
struct TokenStoreMaker {
    let kind: TokenStorageKind
    /// The state directory (`files`).
    let directory: URL
    /// The shared records (`memory`).
    let memory = MemoryTokenStorage()

    /// A new store over the shared storage.
    func make(secret: ServerSecret, clock: any HikyakuBase.Clock, maxOTPAttempts: Int = TokenStore.defaultMaxOTPAttempts) -> TokenStore {
        switch kind {
        case .files: return TokenStore(directory: directory, secret: secret, clock: clock, maxOTPAttempts: maxOTPAttempts)
        case .memory: return TokenStore(storage: memory, secret: secret, clock: clock, maxOTPAttempts: maxOTPAttempts)
        }
    }

    /// A new store with the test secret.
    func make(clock: any HikyakuBase.Clock, maxOTPAttempts: Int = TokenStore.defaultMaxOTPAttempts) throws -> TokenStore {
        make(secret: try ServerSecret(bytes: TokenTestSupport.secretBytes), clock: clock, maxOTPAttempts: maxOTPAttempts)
    }
}
