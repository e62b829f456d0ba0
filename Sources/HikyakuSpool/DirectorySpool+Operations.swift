// DirectorySpool+Operations.swift — the operator's spool steps: inspect files, move by rename, purge.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension DirectorySpool {
    /// The mtime of `<id>.json` in `state` (never following a symlink), or nil when it is absent.
    /// In `deferred/` this is the job's next-attempt time.
    public func modified(id: String, in state: SpoolState) -> Date? {
        modified(name: "\(id).json", in: state)
    }

    /// The mtime of any entry of `state` by name, or nil when it is absent.
    public func modified(name: String, in state: SpoolState) -> Date? {
        var info = stat()
        guard lstat(path(state, name), &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// The one-line `<id>.reason` beside a job in `state`, or nil when there is none.
    public func reason(id: String, in state: SpoolState) -> String? {
        guard let data = try? Files.readRegular(path(state, "\(id).reason"), limit: 8192) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Replaces `<id>.json` in `state` with `data`: written to `tmp/`, fsynced, renamed over the
    /// old file, then the directory fsynced (now, or by `sync`). For states no worker writes to
    /// (`failed/`, `sent/`, `hold/`); the mtime becomes now.
    public func replace(id: String, in state: SpoolState, data: Data, sync: DirectorySync? = nil) throws(SpoolError) {
        let temporary = path(.tmp, "\(id).\(ProcessIdentity.current).\(JobID.generate()).replace")
        try spoolIO(Files.writeDurably(data, to: temporary, modified: nil))
        do {
            try spoolIO(Files.rename(temporary, path(state, "\(id).json")))
        } catch {
            _ = unlink(temporary)
            throw error
        }
        try self.sync(state, sync)
    }

    /// Moves `<id>.json` from `source` to `destination` by one rename, then fsyncs both
    /// directories (now, or by `sync`).
    ///
    /// Never replaces a file already in `destination` (`exists`). Throws `notFound` when the file
    /// left `source` meanwhile (a worker or another operator moved it): nothing was changed then.
    public func relocate(id: String, from source: SpoolState, to destination: SpoolState, sync: DirectorySync? = nil) throws(SpoolError) {
        let from = path(source, "\(id).json"), to = path(destination, "\(id).json")
        guard Files.renameNoReplace(from, to) == 0 else {
            switch errno {
            case ENOENT: throw .notFound(id: id)
            case EEXIST: throw .exists(id: id, state: destination)
            default: throw .io(path: from, operation: "rename to \(to)", errno: errno)
            }
        }
        try self.sync(destination, sync)
        try self.sync(source, sync)
    }

    /// Removes `<id>.reason` from `state`, durably (now, or by `sync`); a missing one is fine.
    public func removeReason(id: String, in state: SpoolState, sync: DirectorySync? = nil) throws(SpoolError) {
        let file = path(state, "\(id).reason")
        if unlink(file) != 0 {
            if errno == ENOENT { return }
            throw .io(path: file, operation: "unlink", errno: errno)
        }
        try self.sync(state, sync)
    }

    /// Deletes the entry `name` of `state` (never following it; a symlink is removed, not its
    /// target). Returns false when it was gone already. Refuses directories (`hostile`): an
    /// operator removes those by hand. The caller fsyncs the directory once per batch.
    public func delete(name: String, in state: SpoolState) throws(SpoolError) -> Bool {
        let file = path(state, name)
        var info = stat()
        guard lstat(file, &info) == 0 else { return false }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw .hostile(path: file, problem: "is a directory (remove it by hand)") }
        if unlink(file) != 0 {
            if errno == ENOENT { return false }
            throw .io(path: file, operation: "unlink", errno: errno)
        }
        return true
    }

}

extension Files {
    /// `renameat2(…, RENAME_NOREPLACE)`, looked up at run time (Swift's Glibc module does not
    /// export it); where the kernel or filesystem lacks it (NFS), an existence check then
    /// `rename`. Returns 0 or -1 with `errno` set, like `rename(2)`.
    static func renameNoReplace(_ source: String, _ destination: String) -> Int32 {
        if let call = renameat2 {
            let result = call(AT_FDCWD, source, AT_FDCWD, destination, 1 /* RENAME_NOREPLACE */)
            if result == 0 || (errno != EINVAL && errno != ENOSYS) { return result }
        }
        if exists(destination) {
            errno = EEXIST
            return -1
        }
        return Glibc.rename(source, destination)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
}
