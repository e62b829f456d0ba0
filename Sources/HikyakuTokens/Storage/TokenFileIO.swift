// TokenFileIO.swift — the checked POSIX calls Tokens/ builds on (read, write, fsync, atomic replace).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over POSIX file calls that turn failures into `TokenError.io`.
/// Every write path goes write → fsync → close → rename → fsync(directory), checking each step.
package enum TokenFileIO {
    /// Reads `path` whole, or returns nil if it does not exist. Reads at most `limit` bytes
    /// (one more than any valid file may have, so callers can detect oversize files).
    static func readFile(_ path: String, limit: Int = 1 << 20) throws(TokenError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw .io(path: path, operation: "open", errno: code)
        }
        defer { close(fd) }
        return try readAll(fd, path: path, limit: limit)
    }

    /// Reads from `fd` until end of file or `limit` bytes.
    static func readAll(_ fd: Int32, path: String, limit: Int) throws(TokenError) -> [UInt8] {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let want = min(chunk.count, limit - bytes.count)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// Writes all of `bytes` to `fd`, retrying short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(TokenError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", errno: errno)
            }
            offset += n
        }
    }

    /// Replaces `path` with `bytes` atomically: a temporary file in the same directory is
    /// written, fsynced and renamed over `path`, then the directory is fsynced. Readers see
    /// the old file or the new one, never a torn one. Files are created 0600.
    static func replace(_ path: String, with bytes: [UInt8]) throws(TokenError) {
        let directory = parent(of: path)
        let temporary = temporaryName(beside: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .io(path: temporary, operation: "open", errno: errno) }
        do throws(TokenError) {
            try writeAll(fd, bytes, path: temporary)
            guard fsync(fd) == 0 else { throw .io(path: temporary, operation: "fsync", errno: errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw .io(path: temporary, operation: "close", errno: code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .io(path: path, operation: "rename", errno: code)
        }
        try syncDirectory(directory)
    }

    /// A fresh name for a write in progress in `path`'s directory (`sweep` removes debris).
    static func temporaryName(beside path: String) -> String {
        parent(of: path) + "/.tmp-\(getpid())-\(Base16.encode(Array(ServerSecret.randomSeed().prefix(8))))"
    }

    /// Removes `path`; a file that is already gone is not an error.
    static func remove(_ path: String) throws(TokenError) {
        if unlink(path) != 0 && errno != ENOENT {
            throw .io(path: path, operation: "unlink", errno: errno)
        }
    }

    /// Flushes `directory`'s entries (after a rename, link or unlink) to disk.
    static func syncDirectory(_ directory: String) throws(TokenError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: directory, operation: "open", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(path: directory, operation: "fsync", errno: errno) }
    }

    /// Creates `path` as a 0700 directory unless it already exists.
    package static func makeDirectory(_ path: String) throws(TokenError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw .io(path: path, operation: "mkdir", errno: errno)
        }
    }

    /// Names in `directory` (without `.` and `..`); an absent directory has none.
    static func list(_ directory: String) throws(TokenError) -> [String] {
        guard let dir = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw .io(path: directory, operation: "opendir", errno: errno)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The directory part of `path` ("." if it has none).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
