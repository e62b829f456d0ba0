// PostfixPeer+Files.swift — the peer's files: its queues counted, its log read, its configuration written.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension PostfixPeer {
    /// Messages still queued: incoming, active and deferred.
    func queued() -> Int {
        count(queue: "incoming") + count(queue: "active") + count(queue: "deferred", hashed: true)
    }

    /// Files in one queue; a hashed queue (`hash_queue_names`: deferred) has one level of subdirectories.
    func count(queue: String, hashed: Bool = false) -> Int {
        let path = queueDirectory + "/" + queue
        guard let names = try? Files.listRaw(path) else { return 0 }
        guard hashed else { return names.count }
        return names.reduce(0) { total, name in
            total + ((try? Files.listRaw(path + "/" + String(decoding: name, as: UTF8.self)))?.count ?? 1)
        }
    }

    /// Deliveries the log reports: `status=sent` and `status=bounced` lines.
    func deliveries() throws(BenchError) -> (sent: Int, bounced: Int) {
        guard let log = FileManager.default.contents(atPath: maillog) else {
            throw .io(path: maillog, operation: "read the Postfix log", errno: errno)
        }
        let bytes = [UInt8](log)
        return (Self.occurrences(of: Array("status=sent ".utf8), in: bytes), Self.occurrences(of: Array("status=bounced ".utf8), in: bytes))
    }

    static func occurrences(of needle: [UInt8], in bytes: [UInt8]) -> Int {
        guard let first = needle.first, bytes.count >= needle.count else { return 0 }
        var found = 0
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) {
                found += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    /// The last line of `path` (what went wrong, from a log or a stderr file), one safe line.
    func lastLine(_ path: String) -> String {
        let text = (try? Files.read(path, limit: 1 << 24)).map { String(decoding: $0.suffix(4096), as: UTF8.self) } ?? ""
        return Sanitize.line(text.split(separator: "\n").last.map(String.init) ?? "no output in \(path)", limit: 300)
    }

    /// Creates or replaces a bench-owned text file (configuration: 0644, the daemons read it).
    static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(BenchError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw .io(path: path, operation: "create", errno: errno) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw .io(path: path, operation: "write", errno: errno) }
    }
}
