// MemoryTokenStorage.swift — a TokenStorage in memory: the second backend the store's tests run against.
import Dispatch
import Synchronization
@testable import HikyakuTokens

/// Records in a dictionary and a semaphore for the lock (shared and exclusive alike: readers
/// simply queue). Every `TokenStore` made over one instance shares its records and lock, as
/// processes share a state directory. A batch stages its writes in a log, applied at commit.
final class MemoryTokenStorage: TokenStorage {
    /// A stored value: a link record, a `current` pointer's digest, an OTP record, or a tombstone.
    enum Entry: Sendable, Equatable {
        case token(TokenRecord)
        case pointer(String)
        case otp(OTPRecord)
        case tombstone(TokenTombstone)
    }

    /// What every view of one storage shares: the records, the lock, the count of commits.
    final class Shared: Sendable {
        let gate = DispatchSemaphore(value: 1)
        let entries = Mutex<[String: Entry]>([:])
        let commits = Mutex(0)
    }

    /// A batch's staged writes (key, entry), in the order they were made.
    final class Log: Sendable {
        let writes = Mutex<[(key: String, entry: Entry)]>([])
    }

    let shared: Shared
    /// Set on a batch's view: writes go here until the batch commits.
    private let log: Log?

    init() {
        shared = Shared()
        log = nil
    }

    private init(shared: Shared, log: Log) {
        self.shared = shared
        self.log = log
    }

    /// How many batches committed.
    var commitCount: Int { shared.commits.withLock { $0 } }

    /// How many entries are stored (committed) under `prefix`: `tokens/`, `current/`, `otp/` or `ended/`.
    func storedCount(under prefix: String) -> Int {
        shared.entries.withLock { $0.keys.filter { $0.hasPrefix(prefix) }.count }
    }

    func withLock<T>(exclusive: Bool, _ body: () throws(TokenError) -> T) throws(TokenError) -> T {
        if log != nil { return try body() }
        shared.gate.wait()
        defer { shared.gate.signal() }
        return try body()
    }

    func withBatch<T>(_ body: (any TokenStorage) -> T) throws(TokenError) -> T {
        shared.gate.wait()
        defer { shared.gate.signal() }
        let log = Log()
        let result = body(MemoryTokenStorage(shared: shared, log: log))
        let writes = log.writes.withLock { $0 }
        shared.entries.withLock { entries in
            for write in writes { entries[write.key] = write.entry }
        }
        shared.commits.withLock { $0 += 1 }
        return result
    }

    func savepoint() -> Int { log?.writes.withLock { $0.count } ?? 0 }

    func rollBack(to savepoint: Int) { log?.writes.withLock { $0.removeSubrange(savepoint...) } }

    func tokenRecord(digest: String) throws(TokenError) -> TokenRecord? {
        guard case .token(let record)? = read("tokens/" + digest) else { return nil }
        return record
    }

    func writeTokenRecord(_ record: TokenRecord, digest: String) throws(TokenError) {
        write(.token(record), at: "tokens/" + digest)
    }

    func tokenRecordLocation(digest: String) -> String { "memory:tokens/" + digest }

    func tokenRecordDigests() throws(TokenError) -> [String] {
        keys(under: "tokens/").map { String($0.dropFirst("tokens/".count)) }
    }

    func currentDigest(purpose: LinkPurpose, loginID: String) throws(TokenError) -> String? {
        guard case .pointer(let digest)? = read(Self.pointerKey(purpose, loginID)) else { return nil }
        return digest
    }

    func setCurrentDigest(_ digest: String, purpose: LinkPurpose, loginID: String) throws(TokenError) {
        write(.pointer(digest), at: Self.pointerKey(purpose, loginID))
    }

    func otpRecord(loginID: String) throws(TokenError) -> OTPRecord? {
        guard case .otp(let record)? = read("otp/" + loginID) else { return nil }
        return record
    }

    func writeOTPRecord(_ record: OTPRecord, loginID: String) throws(TokenError) {
        write(.otp(record), at: "otp/" + loginID)
    }

    func removeTokenRecords(
        where isDone: (TokenRecord) -> Bool, leavingTombstone needsTombstone: (TokenRecord) -> Bool
    ) throws(TokenError) -> Int {
        for key in keys(under: "tokens/") {
            guard case .token(let record)? = read(key), isDone(record), needsTombstone(record) else { continue }
            write(.tombstone(TokenTombstone(of: record)), at: "ended/" + key.dropFirst("tokens/".count))
        }
        return remove { entry in if case .token(let record) = entry { isDone(record) } else { false } }
    }

    func tombstone(digest: String) throws(TokenError) -> TokenTombstone? {
        guard case .tombstone(let tombstone)? = read("ended/" + digest) else { return nil }
        return tombstone
    }

    func removeTombstones(where isDone: (TokenTombstone) -> Bool) throws(TokenError) {
        _ = remove { entry in if case .tombstone(let tombstone) = entry { isDone(tombstone) } else { false } }
    }

    func removeOTPRecords(where isDone: (OTPRecord) -> Bool) throws(TokenError) -> Int {
        remove { entry in if case .otp(let record) = entry { isDone(record) } else { false } }
    }

    func removeCurrentPointers(where isStale: (TokenRecord?) -> Bool) throws(TokenError) {
        _ = remove { entry in
            guard case .pointer(let digest) = entry else { return false }
            return isStale(try? tokenRecord(digest: digest))
        }
    }

    private static func pointerKey(_ purpose: LinkPurpose, _ loginID: String) -> String {
        "current/" + purpose.rawValue + "-" + loginID
    }

    /// The latest staged entry for `key`, else the stored one.
    private func read(_ key: String) -> Entry? {
        if let log, let staged = log.writes.withLock({ $0.last(where: { $0.key == key })?.entry }) { return staged }
        return shared.entries.withLock { $0[key] }
    }

    private func write(_ entry: Entry, at key: String) {
        if let log { return log.writes.withLock { $0.append((key, entry)) } }
        shared.entries.withLock { $0[key] = entry }
    }

    /// Stored and staged keys starting with `prefix`.
    private func keys(under prefix: String) -> [String] {
        var keys = Set(shared.entries.withLock { Array($0.keys) })
        if let log { keys.formUnion(log.writes.withLock { $0.map(\.key) }) }
        return keys.filter { $0.hasPrefix(prefix) }
    }

    /// Removes the stored entries `matches` accepts (decided outside the entries' mutex, so it may read).
    private func remove(where matches: (Entry) -> Bool) -> Int {
        let snapshot = shared.entries.withLock { $0 }
        let doomed = snapshot.filter { matches($0.value) }.map(\.key)
        shared.entries.withLock { entries in
            for key in doomed { entries[key] = nil }
        }
        return doomed.count
    }
}
