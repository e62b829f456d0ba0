// Files+Append.swift — one line appended durably to a journal file (O_APPEND, fsync), never through a link.
#if canImport(Glibc)
import Glibc
#endif

extension Files {
    /// Appends `bytes` to `path` (created 0600, or exactly `permissions`, when missing) in one
    /// `write` with `O_APPEND`, then fsyncs it; a new file's directory is fsynced too. Never
    /// follows a symbolic link. Concurrent appenders each land whole when a line fits one write
    /// (the caller serialises them anyway). Throws `io` naming the step that failed.
    package static func append(_ bytes: [UInt8], to path: String, permissions: UInt32 = 0o600) throws(FileFailure) {
        var created = false
        var fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 && errno == ENOENT {
            fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            created = fd >= 0
            if created { FileActivity.noteCreated() }
            if fd < 0 && errno == EEXIST { fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW) }
        }
        guard fd >= 0 else { throw .io(IOFailure(path: path, operation: "open for appending", errno: errno)) }
        do throws(FileFailure) {
            if created && permissions != 0o600 && fchmod(fd, mode_t(permissions)) != 0 {
                throw .io(IOFailure(path: path, operation: "fchmod", errno: errno))
            }
            try writeAll(bytes, to: fd, path: path)
            try sync(descriptor: fd, path: path)
        } catch {
            discard(descriptor: fd)
            throw error
        }
        try closeAfterWriting(fd, path: path)
        if created { try syncDirectory(parent(of: path)) }
    }
}
