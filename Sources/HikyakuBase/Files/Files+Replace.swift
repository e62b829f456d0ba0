// Files+Replace.swift — small files read whole under a size cap, and replaced or published through a temporary.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Files {
    /// Opens `path` for reading, never following a symbolic link (a link fails with ELOOP).
    /// Returns nil when there is no such file; the caller closes the descriptor.
    package static func openForReading(_ path: String) throws(FileFailure) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw .io(IOFailure(path: path, operation: "open", errno: code))
        }
        return fd
    }

    /// Reads `path` whole, or returns nil when it does not exist. Reads at most `limit` bytes:
    /// ask for one more than any valid file may have, and a longer file shows as too long.
    package static func read(_ path: String, limit: Int) throws(FileFailure) -> [UInt8]? {
        guard let fd = try openForReading(path) else { return nil }
        defer { close(fd) }
        return try read(descriptor: fd, path: path, limit: limit)
    }

    /// Reads from `descriptor` until end of file or `limit` bytes, retrying after EINTR.
    package static func read(descriptor: Int32, path: String, limit: Int) throws(FileFailure) -> [UInt8] {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let want = min(chunk.count, limit - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, want) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(IOFailure(path: path, operation: "read", errno: errno))
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }

    /// Writes all of `bytes` to `descriptor`, retrying short writes and EINTR.
    package static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws(FileFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(IOFailure(path: path, operation: "write", errno: errno))
            }
            offset += written
        }
    }

    /// `writeAll` for a byte array.
    package static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(FileFailure) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(FileFailure) in try writeAll(buffer, to: descriptor, path: path) }
        }.get()
    }

    /// Creates `path` for writing: it must not exist (O_EXCL), is never a followed link, mode
    /// 0600 (less what the umask removes), or exactly `permissions` when another mode is asked
    /// for (a shared layout's group-readable file). Returns the descriptor; the caller closes it.
    package static func createExclusive(_ path: String, permissions: UInt32 = 0o600) throws(FileFailure) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .io(IOFailure(path: path, operation: "open", errno: errno)) }
        FileActivity.noteCreated()
        if permissions != 0o600 && fchmod(fd, mode_t(permissions)) != 0 {
            let failure = IOFailure(path: path, operation: "fchmod", errno: errno)
            Glibc.close(fd)
            unlink(path)
            throw .io(failure)
        }
        return fd
    }

    /// A fresh name for a write in progress beside `path`: `<directory>/.tmp-<pid>-<16 hex digits>`
    /// (the owner of the directory removes such names left by a crash).
    package static func temporaryName(beside path: String) -> String {
        parent(of: path) + "/.tmp-" + uniqueSuffix()
    }

    /// `<pid>-<16 random hex digits>`: unique among concurrent writers, in this process and others.
    package static func uniqueSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let random = String(generator.next() as UInt64, radix: 16)
        return "\(ProcessIdentity.current)-" + String(repeating: "0", count: 16 - random.count) + random
    }

    /// Flushes the open file's contents to disk.
    package static func sync(descriptor: Int32, path: String) throws(FileFailure) {
        FileActivity.noteFileSync()
        guard fsync(descriptor) == 0 else { throw .io(IOFailure(path: path, operation: "fsync", errno: errno)) }
    }

    /// Closes a descriptor that was written through: a failing close may mean lost data.
    package static func closeAfterWriting(_ descriptor: Int32, path: String) throws(FileFailure) {
        guard Glibc.close(descriptor) == 0 else { throw .io(IOFailure(path: path, operation: "close", errno: errno)) }
    }

    /// Closes a descriptor only read from or locked, where a failing close loses nothing.
    package static func discard(descriptor: Int32) {
        Glibc.close(descriptor)
    }

    /// Replaces `path` with `bytes` atomically: a temporary beside it is written, fsynced,
    /// closed and renamed over `path`, then the directory is fsynced. Readers see the old file
    /// or the new one, never a torn one; the file is created 0600 (or `permissions`). On a throw
    /// the temporary is gone.
    package static func replace(_ path: String, with bytes: [UInt8], permissions: UInt32 = 0o600) throws(FileFailure) {
        let temporary = temporaryName(beside: path)
        let fd = try createExclusive(temporary, permissions: permissions)
        do throws(FileFailure) {
            try writeAll(bytes, to: fd, path: temporary)
            try sync(descriptor: fd, path: temporary)
        } catch {
            Glibc.close(fd)
            unlink(temporary)
            throw error
        }
        do throws(FileFailure) {
            try closeAfterWriting(fd, path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        try move(temporary, over: path)
        try syncDirectory(parent(of: path))
    }

    /// Renames the finished `temporary` over `path` (a failure names `path`, and removes the temporary).
    package static func move(_ temporary: String, over path: String) throws(FileFailure) {
        guard Glibc.rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .io(IOFailure(path: path, operation: "rename", errno: code))
        }
    }

    /// Publishes the finished `temporary` as `path` with `link(2)`, which never replaces a file:
    /// returns false when `path` already exists (someone else published first). The temporary stays.
    package static func publish(_ temporary: String, as path: String) throws(FileFailure) -> Bool {
        if link(temporary, path) == 0 { return true }
        guard errno == EEXIST else { throw .io(IOFailure(path: path, operation: "link", errno: errno)) }
        return false
    }

    /// Removes `path`; a file that is already gone is not an error.
    package static func removeIfPresent(_ path: String) throws(FileFailure) {
        if unlink(path) != 0 && errno != ENOENT { throw .io(IOFailure(path: path, operation: "unlink", errno: errno)) }
    }

    /// The directory part of `path` ("." when it has none, "/" for a file in the root).
    package static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
