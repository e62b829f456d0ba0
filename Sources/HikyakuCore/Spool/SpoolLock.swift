// SpoolLock.swift — tells a worker whether it is the only one on the spool, for safe start-up recovery.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every running worker holds a shared `flock` on `<spool>/lock`. A worker that can take it
/// exclusively at start-up knows no other worker runs, so jobs left in `active/` are orphans.
public final class SpoolLock {
    private let fd: Int32

    /// Opens (creating) the lock file.
    public init(spool: DirectorySpool) throws(SpoolError) {
        let path = "\(spool.root)/lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .io(path: path, operation: "open lock", errno: errno) }
    }

    deinit { close(fd) }

    /// Runs `recovery` if no other worker holds the lock, then holds it shared for this process's life.
    public func joinWorkers(recovery: () throws(SpoolError) -> Void) throws(SpoolError) {
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            try recovery()
        }
        _ = flock(fd, LOCK_SH)
    }
}
