// TokenStateDirectory+Verify.swift — the state directory made and checked as the spool's are: this user's, writable by nobody else.
import HikyakuBase
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TokenStateDirectory {
    /// Creates the missing directories of the layout (0700, the root's parent must exist) and
    /// checks each — before anything is made inside it — as `DirectorySpool.verify()` checks the
    /// spool's: a directory (not a symbolic link), owned by this user, writable by nobody else.
    /// Otherwise anyone who can write there could delete an OTP record to lift its lock, or
    /// swap a record. Any other directory found in the root (the worker's `limits/`, say) is
    /// checked the same way. Throws `unsafeState` naming the directory and the fix, or `io`.
    func prepareVerified() throws(TokenError) {
        for directory in directories {
            try tokenIO(try Files.makeDirectory(directory))
            try Self.checkPrivateDirectory(directory)
        }
        for name in try FileTokenStorage.names(in: root) where !directories.contains(root + "/" + name) {
            var info = stat()
            guard lstat(root + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            try Self.checkPrivateDirectory(root + "/" + name)
        }
    }

    /// Refuses `path` unless it is a directory of this user that no group or other user may write.
    static func checkPrivateDirectory(_ path: String) throws(TokenError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .unsafeState(path: path, problem: "is not a directory") }
        guard info.st_uid == geteuid() else {
            throw .unsafeState(
                path: path, problem: "owned by uid \(info.st_uid), not by this user (uid \(geteuid())); refusing to use it")
        }
        guard info.st_mode & (S_IWGRP | S_IWOTH) == 0 else {
            throw .unsafeState(path: path, problem: "is group- or world-writable; run chmod 700 on it")
        }
    }
}
