// DirectorySpool.swift — moves job files between spool states by rename, durably.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// A spool on disk: one directory per `SpoolState`, one `<id>.json` file per job.
///
/// The rename is the commit (maildir): a job is in exactly one state directory at any time a
/// reader looks, except for the short window of `move`, where a crash can leave the old copy in
/// `active/` beside the new one; `recoverActive()` resolves that.
///
/// A worker holds an exclusive `flock` on each job file it claimed until the job is recorded
/// (see `DirectorySpool+Claim.swift`), so any worker can tell a live claim from an orphan.
public final class DirectorySpool: Sendable {
    /// The spool's root directory.
    public let root: String
    let counter = AtomicCounter()
    /// The open, locked descriptors of the jobs this process has claimed.
    let claims = ClaimTable()
    /// Commits final moves in groups (`moveGrouped`): one sync for every job finishing at once.
    /// Each claim held is a job whose record is still to come: the committer may wait for it.
    let group: GroupCommit

    /// The group the spool's `tmp/` and `new/` are shared with (`web_group`), or nil when one
    /// user owns all of it (see `DirectorySpool+Layout.swift`).
    public let sharedGroup: SharedGroup?

    /// A spool rooted at `root` (created by `prepare()`), shared with `sharedGroup` if given.
    public init(root: String, sharedGroup: SharedGroup? = nil) {
        self.root = root
        self.sharedGroup = sharedGroup
        group = GroupCommit(expected: { [claims] in claims.count })
    }

    /// The path of `name` in `state`.
    public func path(_ state: SpoolState, _ name: String = "") -> String {
        name.isEmpty ? "\(root)/\(state.rawValue)" : "\(root)/\(state.rawValue)/\(name)"
    }

    /// Hands `data` off as job `id`: `tmp/`, fsync, rename into `new/`, directory fsync. Returns
    /// nil when it was queued now, or the state of the job already queued under `id` when that job
    /// is this one (a producer's retry after a lost answer: nothing is written). Throws `exists`
    /// when `id` holds a different job, `badID` for an id outside the rule.
    @discardableResult
    public func enqueue(id: String, data: Data) throws(SpoolError) -> SpoolState? {
        guard JobID.isValid(id) else { throw .badID(id) }
        for state in SpoolState.allCases where state != .tmp && Files.exists(path(state, "\(id).json")) {
            if holdsSameJob(id: id, in: state, as: data) { return state }
            throw .exists(id: id, state: state)
        }
        // A name of its own: two hand-offs of one id at once must not meet in tmp/. Shared: the
        // worker reads a member's file through the group.
        let temporary = path(.tmp, "\(id).\(ProcessIdentity.current).\(counter.next()).enqueue")
        try spoolIO(Files.writeDurably(data, to: temporary, modified: nil, permissions: sharedGroup == nil ? 0o600 : 0o640))
        // Never over a job handed off meanwhile under the same id (another producer, a retry).
        let code = Files.renameNoReplace(Array(temporary.utf8CString), Array(path(.new, "\(id).json").utf8CString))
        guard code == 0 else {
            _ = unlink(temporary)
            if code == EEXIST && holdsSameJob(id: id, in: .new, as: data) { return .new }
            throw code == EEXIST ? .exists(id: id, state: .new) : .io(path: temporary, operation: "rename into new/", errno: code)
        }
        try spoolIO(Files.syncDirectory(path(.new)))
        return nil
    }

    /// Whether job `id` in `state` is the job `data` describes: the same JSON value as the file
    /// (a producer's job) or as the record's `job` member (once a worker claimed it).
    func holdsSameJob(id: String, in state: SpoolState, as data: Data) -> Bool {
        guard let offered = try? JSONDocument.object(data) else { return false }
        // A worker may move the job on between finding and reading it: look again, a few times.
        var where_ = state
        var stored: [String: JSONValue]?
        for _ in 0..<3 {
            if let object = try? JSONDocument.object(try read(id: id, in: where_)) {
                stored = object
                break
            }
            guard let next = locate(id: id) else { return false }
            where_ = next
        }
        guard let stored else { return false }
        if stored["record_version"] != nil, case .object(let job)? = stored["job"] { return job == offered }
        return stored == offered
    }

    /// The state holding a different job under `id` while `id` is claimed: a record in
    /// `deferred/`, `failed/`, `hold/` or `sent/` (a producer reused the id). Nil when none.
    public func recordedElsewhere(id: String) -> SpoolState? {
        [SpoolState.deferred, .failed, .hold, .sent].first { Files.exists(path($0, "\(id).json")) }
    }

    public func entries(in state: SpoolState) throws(SpoolError) -> [String] {
        try spoolIO(Files.list(path(state)))
    }

    public func read(id: String, in state: SpoolState) throws(SpoolError) -> Data {
        // A claimed job is read through its locked descriptor (closing another would drop an NFS lock).
        // Its size and type are the claim's `fstat` (only this process rewrites a held file).
        if state == .active, let claim = claims.claim(id) {
            return try spoolIO(
                Files.readRegular(
                    fd: claim.descriptor, info: claim.info, path: path(state, "\(id).json"), limit: JSONDocument.maxRecordBytes))
        }
        // Records may outgrow a producer's 64 KiB (attempts accumulate); `JobParser` holds producer files to it.
        return try spoolIO(Files.readRegular(path(state, "\(id).json"), limit: JSONDocument.maxRecordBytes))
    }

    public func rewrite(id: String, in state: SpoolState, data: Data, modified: Date?) throws(SpoolError) {
        let temporary = path(.tmp, "\(id).\(ProcessIdentity.current).\(counter.next()).rewrite")
        if state == .active && claims.descriptor(id) != nil {
            // The new file replaces a claimed one: lock it before it becomes visible, so the claim never lapses.
            let fd = try spoolIO(Files.writeDurablyKeepingOpen(data, to: temporary, modified: modified))
            _ = flock(fd, LOCK_EX | LOCK_NB)
            do {
                try spoolIO(Files.rename(temporary, path(state, "\(id).json")))
            } catch {
                close(fd)
                unlink(temporary)
                throw error
            }
            claims.replace(id, with: fd)
        } else {
            try spoolIO(Files.writeDurably(data, to: temporary, modified: modified))
            do { try spoolIO(Files.rename(temporary, path(state, "\(id).json"))) } catch { unlink(temporary); throw error }
        }
        try spoolIO(Files.syncDirectory(path(state)))
    }

    public func move(id: String, from source: SpoolState, to destination: SpoolState, data: Data, modified: Date?) throws(SpoolError) {
        let owned = ownedIdentity(id: id, in: source)
        try rewrite(id: id, in: destination, data: data, modified: modified)
        // The new copy is durable; dropping the old one needs no fsync (recovery removes a stale copy).
        // Only our own claimed file: the job may already be claimed again from its new state.
        let code = Files.remove(path(source, "\(id).json"), ifStill: owned)
        if code != 0 && code != ENOENT {
            throw .io(path: path(source, "\(id).json"), operation: "unlink", errno: code)
        }
        if source == .failed || source == .corrupt { _ = unlink(path(source, "\(id).reason")) }
    }

    public func writeReason(id: String, in state: SpoolState, reason: String) throws(SpoolError) {
        let temporary = path(.tmp, "\(id).\(ProcessIdentity.current).\(counter.next()).reason")
        try spoolIO(Files.writeDurably(Data((Sanitize.line(reason, limit: 2000) + "\n").utf8), to: temporary, modified: nil))
        do { try spoolIO(Files.rename(temporary, path(state, "\(id).reason"))) } catch { unlink(temporary); throw error }
        try spoolIO(Files.syncDirectory(path(state)))
    }

    public func quarantine(name: String, from state: SpoolState, reason: String, into target: SpoolState = .corrupt) throws(SpoolError) {
        try quarantine(rawName: Array(name.utf8), from: state, reason: reason, into: target)
    }

    /// Quarantines an entry by its name's raw bytes (which need not be UTF-8), moving it unchanged
    /// into `into` (`corrupt/`, or `failed/` for a job file that parses but is refused as a job).
    public func quarantine(rawName: [UInt8], from state: SpoolState, reason: String, into destination: SpoolState = .corrupt)
        throws(SpoolError)
    {
        // Odd names get a safe one; rename never follows a symlink, so the entry itself moves.
        let name = String(decoding: rawName, as: UTF8.self)
        let valid = String(validating: rawName, as: UTF8.self) != nil
        let id = (valid ? JobID.fromFileName(name) : nil) ?? "entry-\(JobID.generate())"
        var target = id
        if Files.exists(path(destination, "\(target).json")) { target = "\(id)-\(JobID.generate())" }
        let code = Files.renameNoReplace(rawPath(state, rawName), Array(path(destination, "\(target).json").utf8CString))
        guard code == 0 else {
            throw .io(path: path(state, Sanitize.line(name)), operation: "rename into \(destination.rawValue)/", errno: code)
        }
        let note = name == "\(target).json" ? reason : "\(reason) (was \(state.rawValue)/\(Sanitize.line(name, limit: 300)))"
        try writeReason(id: target, in: destination, reason: note)
    }

    public func dueDeferred(now: Date) throws(SpoolError) -> [String] {
        var due: [String] = []
        for name in try entries(in: .deferred) {
            guard let id = JobID.fromFileName(name) else { continue }
            var info = stat()
            guard lstat(path(.deferred, name), &info) == 0 else { continue }
            if Double(info.st_mtim.tv_sec) <= now.timeIntervalSince1970 { due.append(id) }
        }
        return due
    }

    /// Puts a job back into `new/` by rename (a due deferred job, a released or replayed one).
    /// Never replaces a job of the same id already in `new/` (`.exists` instead).
    public func requeue(id: String, from state: SpoolState) throws(SpoolError) {
        let code = Files.renameNoReplace(Array(path(state, "\(id).json").utf8CString), Array(path(.new, "\(id).json").utf8CString))
        if code == EEXIST { throw .exists(id: id, state: .new) }
        guard code == 0 else { throw .io(path: path(state, "\(id).json"), operation: "rename into new/", errno: code) }
    }

    /// Removes `tmp/` files older than `age` seconds (a producer that died mid-write).
    public func sweepTemporary(olderThan age: TimeInterval, now: Date) throws(SpoolError) {
        for name in try entries(in: .tmp) {
            var info = stat()
            guard lstat(path(.tmp, name), &info) == 0 else { continue }
            if now.timeIntervalSince1970 - Double(info.st_mtim.tv_sec) > age { _ = unlink(path(.tmp, name)) }
        }
    }

    /// The state directory holding job `id`, if any.
    public func locate(id: String) -> SpoolState? {
        SpoolState.allCases.first { $0 != .tmp && Files.exists(path($0, "\(id).json")) }
    }
}
