// BenchJobs.swift — the bench's producer: valid jobs of mixed kinds and locales, handed off by rename.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuSpool
#if canImport(Glibc)
import Glibc
#endif

/// Generates job `n` of a run and drops it into a spool the way a producer does
/// (`tmp/<id>.json`, then rename into `new/`), noting the instant of the rename.
public struct BenchJobs: Sendable {
    /// The kinds to mix, round robin.
    public let kinds: [MailKind]
    /// The id prefix; ids are `<prefix>-<n>`, so the bench can map an id back to its index.
    public let prefix: String

    public init(kinds: [MailKind], prefix: String = "bench") {
        self.kinds = kinds.isEmpty ? MailCatalogue.standard.kinds : kinds
        self.prefix = prefix
    }

    /// The id of job `index`.
    public func id(_ index: Int) -> String { "\(prefix)-\(index)" }

    /// The index of a job id made by `id(_:)`, or nil for any other id.
    public func index(of id: String) -> Int? {
        guard id.hasPrefix(prefix + "-") else { return nil }
        return Int(id.dropFirst(prefix.count + 1))
    }

    /// Job `index`: kinds round robin, then locales ja, en, ja+en, so every pair occurs; each job
    /// has its own login, so no job supersedes another's link or code. Every `data` field the
    /// kind declares is set to its example value for `index` (`MailField.example`).
    public func job(_ index: Int, kind fixed: MailKind? = nil) -> [String: JSONValue] {
        let kind = fixed ?? kinds[index % kinds.count]
        let locale = JobLocale.allCases[(index / kinds.count) % JobLocale.allCases.count]
        let data = Dictionary(uniqueKeysWithValues: kind.fields.map { ($0.name, JSONValue.string($0.example(index))) })
        return [
            "version": 1, "kind": .string(kind.name), "locale": .string(locale.rawValue), "to": .string("user\(index)@example.co.jp"),
            "to_name": "大森 聡太", "login_id": .string("\(prefix)\(index)"), "data": .object(data),
        ]
    }

    /// Writes job `index` into `tmp/` (fsynced when `durable`, as the producer contract asks)
    /// and renames it into `new/`; returns `MonotonicClock.now()` taken just before the rename.
    @discardableResult
    public func drop(_ index: Int, kind: MailKind? = nil, spool: DirectorySpool, durable: Bool) throws(BenchError) -> UInt64 {
        let bytes = JSONText.data(.object(job(index, kind: kind)))
        let name = "\(id(index)).json"
        let temporary = spool.path(.tmp, name)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: temporary, operation: "create", errno: errno) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = !durable || fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else { throw .io(path: temporary, operation: "write", errno: errno) }
        let handedOff = MonotonicClock.now()
        guard rename(temporary, spool.path(.new, name)) == 0 else {
            throw .io(path: temporary, operation: "rename into new/", errno: errno)
        }
        return handedOff
    }
}
