// TokenStateDirectory.swift — the layout of the state directory and its flock-based lock.
import Foundation
import HikyakuBase
import Synchronization

/// The state directory's layout (all files 0600, directories 0700):
///
/// | path | holds |
/// |---|---|
/// | `lock` | empty; `flock`ed: LOCK_EX around every change, LOCK_SH around reads |
/// | `tokens/<digest>.json` | one `TokenRecord` per link token |
/// | `current/<purpose>-<sha256(login)>` | the digest of the newest link for that login and purpose, or (written by a batch) a hard link to that link's record as issued |
/// | `otp/<sha256(login)>.json` | one `OTPRecord` per login |
/// | `ended/<digest>.json` | one `TokenTombstone` per swept link a job retry could still re-derive |
/// | `*/.tmp-*` | a write in progress, or debris of a crash (removed by `sweep`) |
/// | `suppression/` | the `SuppressionList` (its own lock; checked here under its own rule) |
///
/// `<digest>` is `HMAC(key(purpose), token)` in hex, so no file holds a token, code or secret.
///
/// With a shared group (`web_group`) the layout is the two-user one (`prepareVerified`): files
/// 0640 and `lock` 0660, group-owned, so the group's members may verify and consume.
struct TokenStateDirectory: Sendable {
    let root: String
    /// The group the state is shared with (the two-user layout), or nil.
    var sharedGroup: SharedGroup? = nil
    /// Set inside a batch (`TokenStore.batch`): the lock is already held, writes are staged.
    var staging: TokenStaging?
    /// Whether `withLock` made the directories yet: shared by this value's copies (the store's
    /// batch views), so they are made once per store, not on every lock.
    let made = DirectoriesMade()

    var tokensDirectory: String { root + "/tokens" }
    var currentDirectory: String { root + "/current" }
    var otpDirectory: String { root + "/otp" }
    var endedDirectory: String { root + "/ended" }

    /// The mode of every record and pointer written: the group reads them in the two-user layout.
    var filePermissions: UInt32 { sharedGroup == nil ? 0o600 : 0o640 }

    /// Every directory the store uses, the root first (created by `withLock`, checked by `verify`).
    var directories: [String] { [root, tokensDirectory, currentDirectory, otpDirectory, endedDirectory] }

    /// The record file for a link digest.
    func tokenPath(digest: String) -> String { tokensDirectory + "/" + digest + ".json" }

    /// The tombstone file for a swept link digest.
    func tombstonePath(digest: String) -> String { endedDirectory + "/" + digest + ".json" }

    /// The pointer to the newest link for `loginID` and `purpose`.
    func currentPath(purpose: LinkPurpose, loginID: String) -> String {
        currentDirectory + "/" + purpose.rawValue + "-" + Base16.encode(SHA256.hash(loginID))
    }

    /// The OTP record for `loginID`.
    func otpPath(loginID: String) -> String {
        otpDirectory + "/" + Base16.encode(SHA256.hash(loginID)) + ".json"
    }

    /// Runs `body` holding `flock` on `lock`: exclusive for changes, shared for reads.
    /// The lock is per open file description, so it serialises threads of one process as well
    /// as separate processes. Creates the directories on this value's first lock, and all of them
    /// again when the state directory itself has gone since (its lock cannot be opened). A
    /// subdirectory removed by hand while the root stays is not made again by a running worker
    /// (as the spool's directories are not): writes there fail with `io` until it restarts.
    func withLock<T>(exclusive: Bool, _ body: () throws(TokenError) -> T) throws(TokenError) -> T {
        // Inside a batch the batch holds the exclusive lock (flock is not re-entrant per descriptor).
        if staging != nil { return try body() }
        if !made.done { try makeDirectories() }
        let fd: Int32
        do throws(FileFailure) {
            fd = try Files.lock(root + "/lock", exclusive: exclusive)
        } catch {
            // The root went away after the directories were made (removed by hand): make them again.
            guard case .io(let failure) = error, failure.errno == ENOENT else { throw TokenError(error) }
            try makeDirectories()
            fd = try tokenIO(try Files.lock(root + "/lock", exclusive: exclusive))
        }
        // Closing the descriptor releases the lock, even if `body` throws.
        defer { Files.discard(descriptor: fd) }
        return try body()
    }

    /// Creates every directory of the layout that is missing (0700), then notes they exist.
    private func makeDirectories() throws(TokenError) {
        for directory in directories {
            try tokenIO(try Files.makeDirectory(directory))
        }
        made.done = true
    }

    /// What a batch staged for `path` (read-your-writes), else nil.
    private func staged(_ path: String) -> [UInt8]? { staging?.bytes(at: path) }

    /// Reads and decodes the record at `path`, or nil if there is none.
    func read<T: Decodable & VersionedRecord>(_ type: T.Type, at path: String) throws(TokenError) -> T? {
        let bytes: [UInt8]
        if let pending = staged(path) {
            bytes = pending
        } else {
            guard let stored = try tokenIO(try Files.read(path, limit: 1 << 20)) else { return nil }
            bytes = stored
        }
        return try TokenJSON.decodeRecord(type, from: bytes, path: path)
    }

    /// Writes `record` to `path` atomically (temp file, fsync, rename, fsync directory).
    func write<T: Encodable>(_ record: T, at path: String) throws(TokenError) {
        let bytes = TokenJSON.encodeRecord(record)
        if let staging { return staging.stage(bytes, at: path) }
        try tokenIO(try Files.replace(path, with: bytes, permissions: filePermissions))
    }

    /// The digest a `current/` pointer names, or nil if there is no usable pointer. A pointer is
    /// a file holding the digest, or (written by a batch) a hard link to the record it points at
    /// as that record was then, whose `digest` member names it.
    func readPointer(at path: String) throws(TokenError) -> String? {
        let bytes: [UInt8]
        if let pending = staged(path) {
            bytes = pending
        } else {
            guard let stored = try tokenIO(try Files.read(path, limit: 1 << 20)) else { return nil }
            bytes = stored
        }
        var text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("{") { text = (try? TokenJSON.decodeRecord(TokenRecord.self, from: bytes, path: path))?.digest ?? "" }
        // A pointer that is not a 64-digit hex digest is ignored (and replaced on the next issue).
        guard text.utf8.count == 64, Base16.decode(text) != nil else { return nil }
        return text
    }

    /// Points `path` at `digest`, atomically; `record` is the path of that digest's record (in a
    /// batch, the pointer becomes a hard link to it when the batch wrote it: no file of its own).
    func writePointer(_ digest: String, at path: String, record: String) throws(TokenError) {
        let bytes = Array((digest + "\n").utf8)
        if let staging { return staging.stage(bytes, at: path, linkingTo: record) }
        try tokenIO(try Files.replace(path, with: bytes, permissions: filePermissions))
    }
}

/// Whether a state directory's directories were made: one flag for a `TokenStateDirectory` and
/// its copies. Thread-safe; once set, stays set.
final class DirectoriesMade: Sendable {
    private let flag = Atomic<Bool>(false)

    var done: Bool {
        get { flag.load(ordering: .acquiring) }
        set { flag.store(newValue, ordering: .releasing) }
    }
}
