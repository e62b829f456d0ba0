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
        let fd = openCreatingIfMissing(path, flags: O_RDWR | O_CLOEXEC)
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

    /// `open(path, flags | O_CREAT, 0o600)`, in a way that knows whether the file was made (and
    /// counts it, `FileActivity`): the existing file is opened as it is, a missing one created
    /// with `O_EXCL`. Returns the descriptor, or -1 with `errno` set, as `open` does.
    package static func openCreatingIfMissing(_ path: String, flags: Int32) -> Int32 {
        // Bounded: a dangling symbolic link is missing to the first open and present to O_EXCL.
        for _ in 0..<3 {
            let fd = open(path, flags)
            if fd >= 0 || errno != ENOENT { return fd }
            let made = open(path, flags | O_CREAT | O_EXCL, 0o600)
            if made >= 0 {
                FileActivity.noteCreated()
                return made
            }
            if errno != EEXIST { return -1 }
        }
        return open(path, flags | O_CREAT, 0o600)
    }
}
