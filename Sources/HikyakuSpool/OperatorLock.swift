// OperatorLock.swift — one operator command at a time changes the spool's failed/, sent/ and hold/ files.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension DirectorySpool {
    /// Runs `body` holding an exclusive `flock` on `<spool>/operator.lock`, waiting for it.
    ///
    /// Replay and release rewrite a record in place before renaming it into `new/`; two
    /// operators doing that to one job at once could leave a copy behind. Workers never write
    /// to `failed/`, `sent/` or `hold/` and never take this lock, so they are never slowed.
    public func withOperatorLock<T>(_ body: () throws -> T) throws -> T {
        let file = "\(root)/operator.lock"
        let fd = Files.openCreatingIfMissing(file, flags: O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw SpoolError.io(path: file, operation: "open lock", errno: errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SpoolError.io(path: file, operation: "flock", errno: errno) }
        }
        return try body()
    }
}
