// DirectorySpool+Claim.swift — claim by rename and hold a lock on the job; put orphans of dead workers back.
import Foundation
import HikyakuBase
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

extension DirectorySpool {
    /// Claims `new/<id>.json` by renaming it into `active/` (never over an existing file), then
    /// locks it. False when another worker claimed it first, or a recovering worker is putting it
    /// back. Hostile entries (not regular files) are claimed unlocked and never opened (opening a
    /// device may act on it) nor read, and a symbolic link is never followed: the caller
    /// quarantines them. Throws `.exists` when a job of that id is already active (it is claimed
    /// once that one is done).
    public func claim(id: String) throws(SpoolError) -> Bool {
        let source = path(.new, "\(id).json"), target = path(.active, "\(id).json")
        switch Files.renameNoReplace(Array(source.utf8CString), Array(target.utf8CString)) {
        case 0: break
        case ENOENT: return false
        case EEXIST: throw .exists(id: id, state: .active)
        case let code: throw .io(path: source, operation: "rename into active/", errno: code)
        }
        switch Self.lockClaimed(target) {
        case .locked(let fd, let info): claims.insert(id, fd, info: info)
        case .notRegular: break
        case .lost: return false
        }
        // No fsync here: after a crash, a job in new/ and one in active/ are treated alike (sent
        // unless recorded elsewhere), so nothing relies on this rename being durable. Records are.
        return true
    }

    /// What `lockClaimed` found at a path just claimed.
    enum ClaimedEntry {
        /// A regular file, open and locked, with its `fstat` taken under the lock.
        case locked(Int32, stat)
        /// Not a regular file (or a symbolic link): left unlocked and unread, for quarantine.
        case notRegular
        /// Gone, locked by someone else, or replaced between open and lock.
        case lost
    }

    /// Opens a just-claimed `path` when its name is a regular file (never following a link, never
    /// blocking), takes its exclusive lock without waiting and checks that `path` still names it.
    static func lockClaimed(_ path: String) -> ClaimedEntry {
        // Its type first, from the name: only a regular file is opened. (Once in `active/`, only
        // workers rename it; a swap between this and the open is caught by the checks below.)
        var named = stat()
        guard lstat(path, &named) == 0 else { return .lost }
        guard (named.st_mode & S_IFMT) == S_IFREG else { return .notRegular }
        let flags = O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
        var fd = open(path, O_RDWR | flags)
        if fd < 0 && errno == EACCES { fd = open(path, O_RDONLY | flags) }
        guard fd >= 0 else {
            if errno == ELOOP { return .notRegular }
            // A directory or socket cannot be opened so: its name tells.
            var entry = stat()
            guard lstat(path, &entry) == 0, (entry.st_mode & S_IFMT) != S_IFREG else { return .lost }
            return .notRegular
        }
        var held = stat()
        guard fstat(fd, &held) == 0 else {
            close(fd)
            return .lost
        }
        guard (held.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .notRegular
        }
        guard lockAndRecheck(fd, path: path, held: held) else { return .lost }
        return .locked(fd, held)
    }

    /// Drops this process's lock on a claimed job (after it was recorded, or left for recovery).
    public func release(id: String) {
        claims.remove(id)
    }

    /// Gives a claimed job back to `new/` unsent (a stopping worker's jobs it claimed ahead):
    /// drops the claim's lock, then renames the file back, never over a newer hand-off of the
    /// same id. Nothing relies on the rename: if it fails, or a crash undoes it, the job is in
    /// `active/` with no live owner and the next recovery puts it back. True when it moved.
    @discardableResult
    public func unclaim(id: String) -> Bool {
        claims.remove(id)
        return Files.renameNoReplace(path(.active, "\(id).json"), path(.new, "\(id).json")) == 0
    }

    /// The modification time (nanoseconds since 1970) and inode of the file this process's claim
    /// on job `id` holds, as stat'ed through the claim's descriptor when it was locked (or last
    /// replaced: nothing else rewrites a held file); nil when it holds none. Claiming, recovery
    /// and `unclaim` move a file by rename, which changes neither.
    public func claimedFileStamp(id: String) -> (modifiedNanoseconds: Int64, inode: UInt64)? {
        guard let info = claims.claim(id)?.info else { return nil }
        return (Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), UInt64(info.st_ino))
    }

    /// For a job this process has claimed (`state` is `active`), the file its claim holds:
    /// the old copy a move may remove. Nil otherwise (then a move removes whatever is there).
    func ownedIdentity(id: String, in state: SpoolState) -> FileIdentity? {
        guard state == .active, let info = claims.claim(id)?.info else { return nil }
        return FileIdentity(info)
    }

    /// Puts jobs in `active/` that no live worker holds back into `new/`; a stale copy of a job
    /// already recorded in another state (a crash between write and unlink) is dropped. Safe while
    /// other workers run: a claimed job is locked by its worker. Entries that are not regular
    /// files (claimed hostile entries) are quarantined once older than `hostileAge` seconds.
    @discardableResult
    public func recoverActive(now: Date = Date(), hostileAge: TimeInterval = 30) throws(SpoolError) -> [String] {
        var recovered: [String] = []
        for raw in try spoolIO(Files.listRaw(path(.active))) {
            let name = String(decoding: raw, as: UTF8.self)
            var entry = stat()
            guard lstat(rawPath(.active, raw), &entry) == 0 else { continue }
            guard let id = JobID.fromFileName(name), (entry.st_mode & S_IFMT) == S_IFREG else {
                // Only a worker's claim puts names here; give a live one time to quarantine it itself.
                if now.timeIntervalSince1970 - Double(entry.st_ctim.tv_sec) > hostileAge {
                    try? quarantine(rawName: raw, from: .active, reason: "not a regular job file (found in active/)")
                }
                continue
            }
            guard let fd = Self.lockedDescriptor(path(.active, name)) else { continue }  // a live worker holds it
            defer { close(fd) }
            if isRecordedElsewhere(id, orphan: fd) {
                _ = unlink(path(.active, name))
                continue
            }
            let code = Files.renameNoReplace(Array(path(.active, name).utf8CString), Array(path(.new, name).utf8CString))
            if code == 0 { recovered.append(id) }
        }
        if !recovered.isEmpty { try spoolIO(Files.syncDirectory(path(.new))) }
        return recovered
    }

    /// The path of an entry named by raw bytes (which need not be UTF-8), NUL-terminated.
    func rawPath(_ state: SpoolState, _ raw: [UInt8]) -> [CChar] {
        Array(path(state).utf8CString.dropLast()) + [CChar(0x2F)] + raw.map { CChar(bitPattern: $0) } + [0]
    }

    /// Whether the job open at `fd` was already recorded in another state (same id and same job).
    /// When either copy cannot be read, it is not: a possible duplicate is better than a loss.
    private func isRecordedElsewhere(_ id: String, orphan fd: Int32) -> Bool {
        guard let orphan = try? Files.readRegular(fd: fd, path: path(.active, "\(id).json"), limit: JSONDocument.maxRecordBytes),
            let job = Self.jobObject(orphan)
        else { return false }
        // Same id is not enough: a producer may have reused the id of a long-finished job.
        // `new/` too: a deferred copy flushed back before recovery ran is the newer truth.
        return [SpoolState.new, .deferred, .sent, .failed, .corrupt, .hold].contains { state in
            guard Files.exists(path(state, "\(id).json")) else { return false }
            let copy = try? Files.readRegular(path(state, "\(id).json"), limit: JSONDocument.maxRecordBytes)
            return copy.flatMap(Self.jobObject) == job
        }
    }

    /// The producer's job inside a record or bare file, as canonical JSON bytes (sorted keys).
    private static func jobObject(_ data: Data) -> [UInt8]? {
        guard case .object(let object)? = try? JSONValue.parse(data, options: .foundationCompatible) else { return nil }
        let job = object["record_version"] != nil ? object["job"] ?? .object(object) : .object(object)
        // As before, a `job` that is neither an object nor an array has no canonical form.
        guard job.objectValue != nil || job.arrayValue != nil else { return nil }
        return JSONText.bytes(job)
    }

    /// Opens `path` (never following a link) and takes its exclusive lock without waiting; nil
    /// when it is gone, locked by someone else, or was replaced between open and lock.
    static func lockedDescriptor(_ path: String) -> Int32? {
        var fd = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 && errno == EACCES { fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        var held = stat()
        guard fstat(fd, &held) == 0 else {
            close(fd)
            return nil
        }
        return lockAndRecheck(fd, path: path, held: held) ? fd : nil
    }

    /// Takes `fd`'s exclusive lock without waiting, then checks that `path` still names the file
    /// `held` describes (a recovering worker may have moved it meanwhile); closes `fd` when not.
    private static func lockAndRecheck(_ fd: Int32, path: String, held: stat) -> Bool {
        if flock(fd, LOCK_EX | LOCK_NB) != 0 && (errno == EWOULDBLOCK || errno == EINTR) {
            close(fd)
            return false
        }
        var now = stat()
        guard lstat(path, &now) == 0, held.st_ino == now.st_ino, held.st_dev == now.st_dev else {
            close(fd)
            return false
        }
        return true
    }
}
