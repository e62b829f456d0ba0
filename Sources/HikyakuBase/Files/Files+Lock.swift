// Files+Lock.swift — an flock on a lock file, waited for through EINTR, released by closing.
#if canImport(Glibc)
import Glibc
#endif

extension Files {
    /// Opens (creating it 0600 if missing) the lock file `path` and waits for `flock` on it:
    /// exclusive, or shared. Returns the descriptor holding the lock; `discard(descriptor:)`
    /// releases it. The lock belongs to the open file description, so it excludes other threads
    /// of this process as well as other processes.
    package static func lock(_ path: String, exclusive: Bool) throws(FileFailure) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(IOFailure(path: path, operation: "open", errno: errno)) }
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            guard errno == EINTR else {
                let failure = IOFailure(path: path, operation: "flock", errno: errno)
                close(fd)
                throw .io(failure)
            }
        }
        return fd
    }
}
