// Files.swift — checked POSIX file steps for the spool: open, write, fsync, rename, fsync the directory.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Low-level file operations, each step checked; every failure is a `SpoolError.io` naming the path.
enum Files {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func makeDirectory(_ path: String) throws(SpoolError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw .io(path: path, operation: "mkdir", errno: errno) }
    }

    static func list(_ directory: String) throws(SpoolError) -> [String] {
        guard let handle = opendir(directory) else { throw .io(path: directory, operation: "opendir", errno: errno) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates `path` (O_EXCL), writes all of `data`, optionally sets its mtime, fsyncs and closes it.
    static func writeDurably(_ data: Data, to path: String, modified: Date?) throws(SpoolError) {
        let fd = try write(data, to: path, modified: modified)
        defer { close(fd) }
        if fsync(fd) != 0 {
            let failure = SpoolError.io(path: path, operation: "fsync", errno: errno)
            unlink(path)
            throw failure
        }
    }

    /// Creates `path` (O_EXCL), writes all of `data` and optionally sets its mtime; returns the
    /// open descriptor, not yet synced (the caller syncs and closes it). Removes the file on failure.
    static func write(_ data: Data, to path: String, modified: Date?) throws(SpoolError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: path, operation: "create", errno: errno) }
        var failure: SpoolError?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = .io(path: path, operation: "write", errno: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, let modified {
            let seconds = modified.timeIntervalSince1970
            var times = [timespec(tv_sec: Int(seconds), tv_nsec: 0), timespec(tv_sec: Int(seconds), tv_nsec: 0)]
            if futimens(fd, &times) != 0 { failure = .io(path: path, operation: "futimens", errno: errno) }
        }
        if let failure {
            close(fd)
            unlink(path)
            throw failure
        }
        return fd
    }

    static func rename(_ source: String, _ destination: String) throws(SpoolError) {
        guard Glibc.rename(source, destination) == 0 else { throw .io(path: source, operation: "rename to \(destination)", errno: errno) }
    }

    static func syncDirectory(_ path: String) throws(SpoolError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open directory", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync directory", errno: errno) }
    }

    /// Reads a file that must be a regular, singly-linked file of at most `limit` bytes.
    /// Never follows a symlink and never blocks on a FIFO.
    static func readRegular(_ path: String, limit: Int) throws(SpoolError) -> Data {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP { throw .hostile(path: path, problem: "is a symbolic link (never followed)") }
            if errno == ENOENT { throw .io(path: path, operation: "open", errno: errno) }
            throw .io(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "fstat", errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .hostile(path: path, problem: "is not a regular file") }
        guard info.st_nlink == 1 else { throw .hostile(path: path, problem: "has \(info.st_nlink) hard links (expected 1)") }
        guard Int(info.st_size) <= limit else { throw .hostile(path: path, problem: "is \(info.st_size) bytes, over the \(limit)-byte limit") }
        var data = Data(count: Int(info.st_size))
        var total = 0
        let count = data.count
        var failure: Int32 = 0
        data.withUnsafeMutableBytes { buffer in
            while total < count {
                let got = Glibc.read(fd, buffer.baseAddress! + total, count - total)
                if got < 0 { if errno == EINTR { continue }; failure = errno; return }
                if got == 0 { break }
                total += got
            }
        }
        if failure != 0 { throw .io(path: path, operation: "read", errno: failure) }
        return data.prefix(total)
    }
}
