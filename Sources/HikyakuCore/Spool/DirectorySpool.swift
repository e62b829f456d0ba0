// DirectorySpool.swift — moves job files between spool states by rename, durably.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A spool on disk: one directory per `SpoolState`, one `<id>.json` file per job.
///
/// The rename is the commit (maildir): a job is in exactly one state directory at any time a
/// reader looks, except for the short window of `move`, where a crash can leave the old copy in
/// `active/` beside the new one; `recoverActive()` resolves that at start-up.
public final class DirectorySpool: Spool, @unchecked Sendable {
    /// The spool's root directory.
    public let root: String
    let counter = AtomicCounter()
    /// Commits final moves in groups, off the sending threads (`moveGrouped`).
    let group = GroupCommit()

    /// A spool rooted at `root` (created by `prepare()`).
    public init(root: String) {
        self.root = root
    }

    /// The path of `name` in `state`.
    public func path(_ state: SpoolState, _ name: String = "") -> String {
        name.isEmpty ? "\(root)/\(state.rawValue)" : "\(root)/\(state.rawValue)/\(name)"
    }

    public func prepare() throws(SpoolError) {
        try Files.makeDirectory(root)
        for state in SpoolState.allCases { try Files.makeDirectory(path(state)) }
        for directory in [root] + SpoolState.allCases.map({ path($0) }) {
            var info = stat()
            guard lstat(directory, &info) == 0 else { throw .io(path: directory, operation: "stat", errno: errno) }
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .unsafe(path: directory, problem: "is not a directory") }
            guard info.st_uid == geteuid() else {
                throw .unsafe(path: directory, problem: "owned by uid \(info.st_uid), not by this user (uid \(geteuid())); refusing to use it")
            }
            guard info.st_mode & (S_IWGRP | S_IWOTH) == 0 else {
                throw .unsafe(path: directory, problem: "is group- or world-writable; run chmod 700 on it")
            }
        }
    }

    public func enqueue(id: String, data: Data) throws(SpoolError) {
        guard JobID.isValid(id) else { throw .badID(id) }
        for state in SpoolState.allCases where state != .tmp && Files.exists(path(state, "\(id).json")) {
            throw .exists(id: id, state: state)
        }
        let temporary = path(.tmp, "\(id).json")
        try Files.writeDurably(data, to: temporary, modified: nil)
        try Files.rename(temporary, path(.new, "\(id).json"))
        try Files.syncDirectory(path(.new))
    }

    public func entries(in state: SpoolState) throws(SpoolError) -> [String] {
        try Files.list(path(state))
    }

    public func claim(id: String) throws(SpoolError) -> Bool {
        let source = path(.new, "\(id).json")
        if rename(source, path(.active, "\(id).json")) == 0 { return true }
        if errno == ENOENT { return false }
        throw .io(path: source, operation: "rename into active/", errno: errno)
    }

    public func read(id: String, in state: SpoolState) throws(SpoolError) -> Data {
        try Files.readRegular(path(state, "\(id).json"), limit: JobParser.maxBytes)
    }

    public func rewrite(id: String, in state: SpoolState, data: Data, modified: Date?) throws(SpoolError) {
        let temporary = path(.tmp, "\(id).\(getpid()).\(counter.next()).rewrite")
        try Files.writeDurably(data, to: temporary, modified: modified)
        try Files.rename(temporary, path(state, "\(id).json"))
        try Files.syncDirectory(path(state))
    }

    public func move(id: String, from source: SpoolState, to destination: SpoolState, data: Data, modified: Date?) throws(SpoolError) {
        try rewrite(id: id, in: destination, data: data, modified: modified)
        // The new copy is durable; dropping the old one needs no fsync (recovery removes a stale copy).
        if unlink(path(source, "\(id).json")) != 0 && errno != ENOENT {
            throw .io(path: path(source, "\(id).json"), operation: "unlink", errno: errno)
        }
        if source == .failed || source == .corrupt { _ = unlink(path(source, "\(id).reason")) }
    }

    public func writeReason(id: String, in state: SpoolState, reason: String) throws(SpoolError) {
        let temporary = path(.tmp, "\(id).\(getpid()).\(counter.next()).reason")
        try Files.writeDurably(Data((Sanitize.line(reason, limit: 2000) + "\n").utf8), to: temporary, modified: nil)
        try Files.rename(temporary, path(state, "\(id).reason"))
        try Files.syncDirectory(path(state))
    }

    public func quarantine(name: String, from state: SpoolState, reason: String) throws(SpoolError) {
        // Odd names get a safe one; rename never follows a symlink, so the entry itself moves.
        let id = JobID.fromFileName(name) ?? "entry-\(JobID.generate())"
        var target = id
        if Files.exists(path(.corrupt, "\(target).json")) { target = "\(id)-\(JobID.generate())" }
        try Files.rename(path(state, name), path(.corrupt, "\(target).json"))
        let note = name == "\(target).json" ? reason : "\(reason) (was \(state.rawValue)/\(Sanitize.line(name)))"
        try writeReason(id: target, in: .corrupt, reason: note)
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
    public func requeue(id: String, from state: SpoolState) throws(SpoolError) {
        try Files.rename(path(state, "\(id).json"), path(.new, "\(id).json"))
    }

    /// Puts jobs left in `active/` by a worker that is gone back into `new/` (or drops the stale
    /// copy when the job already reached another state). Call only when no other worker runs.
    @discardableResult
    public func recoverActive() throws(SpoolError) -> [String] {
        var recovered: [String] = []
        for name in try entries(in: .active) {
            guard let id = JobID.fromFileName(name) else { continue }
            let settled = [SpoolState.deferred, .sent, .failed, .corrupt, .hold].contains { Files.exists(path($0, name)) }
            if settled {
                _ = unlink(path(.active, name))
            } else {
                try Files.rename(path(.active, name), path(.new, name))
                recovered.append(id)
            }
        }
        if !recovered.isEmpty { try Files.syncDirectory(path(.new)) }
        return recovered
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

/// A thread-safe counter for unique temporary names.
final class AtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
