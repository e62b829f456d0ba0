// Files.swift — checked POSIX file steps for the spool and the token store: open, write, fsync, rename, fsync the directory.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Low-level file operations, each step checked; every failure is an `IOFailure` (or a refusal of a hostile
/// entry) reported in the caller's own error type.
public enum Files {
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func makeDirectory(_ path: String) throws(FileFailure) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw .io(IOFailure(path: path, operation: "mkdir", errno: errno)) }
    }

    public static func list(_ directory: String) throws(FileFailure) -> [String] {
        try listRaw(directory).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The directory's names as raw bytes: a name that is not UTF-8 can still be renamed away.
    public static func listRaw(_ directory: String) throws(FileFailure) -> [[UInt8]] {
        guard let handle = opendir(directory) else { throw .io(IOFailure(path: directory, operation: "opendir", errno: errno)) }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: 256) { bytes in
                    Array(UnsafeBufferPointer(start: bytes, count: strlen(UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self))))
                }
            }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
        return names
    }

    /// Creates `path` (O_EXCL), writes all of `data`, optionally sets its mtime, fsyncs and closes it.
    /// The file is made `permissions` (0600 unless a shared layout wants the group to read it).
    public static func writeDurably(_ data: Data, to path: String, modified: Date?, permissions: UInt32 = 0o600) throws(FileFailure) {
        close(try writeDurablyKeepingOpen(data, to: path, modified: modified, permissions: permissions))
    }

    /// Like `writeDurably`, but returns the open descriptor (the caller closes it).
    public static func writeDurablyKeepingOpen(_ data: Data, to path: String, modified: Date?, permissions: UInt32 = 0o600)
        throws(FileFailure) -> Int32
    {
        let fd = try write(data, to: path, modified: modified, permissions: permissions)
        FileActivity.noteFileSync()
        if fsync(fd) != 0 {
            let failure = FileFailure.io(IOFailure(path: path, operation: "fsync", errno: errno))
            close(fd)
            unlink(path)
            throw failure
        }
        return fd
    }

    /// Creates `path` (O_EXCL), writes all of `data` and optionally sets its mtime; returns the
    /// open descriptor, not yet synced (the caller syncs and closes it). Removes the file on failure.
    public static func write(_ data: Data, to path: String, modified: Date?, permissions: UInt32 = 0o600) throws(FileFailure) -> Int32 {
        // Read-write: a claimed job's rewritten file stays its lock and is read back through it.
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(IOFailure(path: path, operation: "create", errno: errno)) }
        FileActivity.noteCreated()
        var failure: FileFailure?
        // The umask may only remove bits: fchmod sets a shared file's mode exactly.
        if permissions != 0o600 && fchmod(fd, mode_t(permissions)) != 0 {
            failure = .io(IOFailure(path: path, operation: "fchmod", errno: errno))
        }
        let written = data.withUnsafeBytes { buffer in Result { () throws(FileFailure) in try writeAll(buffer, to: fd, path: path) } }
        if case .failure(let error) = written { failure = error }
        if failure == nil, let modified {
            let seconds = modified.timeIntervalSince1970
            var times = [timespec(tv_sec: Int(seconds), tv_nsec: 0), timespec(tv_sec: Int(seconds), tv_nsec: 0)]
            if futimens(fd, &times) != 0 { failure = .io(IOFailure(path: path, operation: "futimens", errno: errno)) }
        }
        if let failure {
            close(fd)
            unlink(path)
            throw failure
        }
        return fd
    }

    public static func rename(_ source: String, _ destination: String) throws(FileFailure) {
        guard Glibc.rename(source, destination) == 0 else {
            throw .io(IOFailure(path: source, operation: "rename to \(destination)", errno: errno))
        }
    }

    /// Renames without ever replacing an existing `destination` (renameat2 RENAME_NOREPLACE);
    /// returns 0 or the errno (EEXIST when the destination exists, ENOENT when the source is gone).
    public static func renameNoReplace(_ source: [CChar], _ destination: [CChar]) -> Int32 {
        if let call = renameat2 {
            if call(AT_FDCWD, source, AT_FDCWD, destination, 1 /* RENAME_NOREPLACE */) == 0 { return 0 }
            if errno != EINVAL && errno != ENOSYS { return errno }
        }
        // The file system cannot refuse atomically: check, then rename (a narrow race, no worse than rename).
        var info = stat()
        if lstat(destination, &info) == 0 { return EEXIST }
        return Glibc.rename(source, destination) == 0 ? 0 : errno
    }

    /// glibc's renameat2, looked up at run time (Swift's Glibc module hides it behind _GNU_SOURCE).
    private static let renameat2: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
    }()

    public static func syncDirectory(_ path: String) throws(FileFailure) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(IOFailure(path: path, operation: "open directory", errno: errno)) }
        defer { close(fd) }
        FileActivity.noteDirectorySync()
        guard fsync(fd) == 0 else { throw .io(IOFailure(path: path, operation: "fsync directory", errno: errno)) }
    }

    /// Reads a file that must be a regular, singly-linked file of at most `limit` bytes.
    /// Never follows a symlink and never blocks on a FIFO.
    public static func readRegular(_ path: String, limit: Int) throws(FileFailure) -> Data {
        // Never open what is not a regular file (a FIFO could block, a device could act).
        var entry = stat()
        guard lstat(path, &entry) == 0 else { throw .io(IOFailure(path: path, operation: "lstat", errno: errno)) }
        try checkRegular(entry, path: path)
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP { throw .hostile(path: path, problem: "is a symbolic link (never followed)") }
            throw .io(IOFailure(path: path, operation: "open", errno: errno))
        }
        defer { close(fd) }
        return try readRegular(fd: fd, path: path, limit: limit)
    }

    /// The same checks and read through an already open descriptor (a claimed job's own).
    public static func readRegular(fd: Int32, path: String, limit: Int) throws(FileFailure) -> Data {
        try readRegular(fd: fd, info: nil, path: path, limit: limit)
    }

    /// The same, judging type, links and size by `info` (the descriptor's `fstat`, taken
    /// earlier by the caller, who knows the file has not changed since) instead of a new `fstat`;
    /// nil `info` stats it now.
    public static func readRegular(fd: Int32, info known: stat?, path: String, limit: Int) throws(FileFailure) -> Data {
        var info = stat()
        if let known {
            info = known
        } else {
            guard fstat(fd, &info) == 0 else { throw .io(IOFailure(path: path, operation: "fstat", errno: errno)) }
        }
        try checkRegular(info, path: path)
        guard Int(info.st_size) <= limit else {
            throw .hostile(path: path, problem: "is \(info.st_size) bytes, over the \(limit)-byte limit")
        }
        var data = Data(count: Int(info.st_size))
        var total = 0
        let count = data.count
        var failure: Int32 = 0
        data.withUnsafeMutableBytes { buffer in
            while total < count {
                let got = pread(fd, buffer.baseAddress! + total, count - total, off_t(total))
                if got < 0 { if errno == EINTR { continue }; failure = errno; return }
                if got == 0 { break }
                total += got
            }
        }
        if failure != 0 { throw .io(IOFailure(path: path, operation: "read", errno: failure)) }
        return data.prefix(total)
    }

    /// Refuses anything but a regular file with one link, naming what it is instead.
    public static func checkRegular(_ info: stat, path: String) throws(FileFailure) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: throw .hostile(path: path, problem: "is a symbolic link (never followed)")
        case S_IFDIR: throw .hostile(path: path, problem: "is a directory, not a regular file")
        case S_IFIFO: throw .hostile(path: path, problem: "is a FIFO, not a regular file (never opened)")
        case S_IFSOCK: throw .hostile(path: path, problem: "is a socket, not a regular file")
        default: throw .hostile(path: path, problem: "is a device or other special file, not a regular file (never opened)")
        }
        guard info.st_nlink == 1 else { throw .hostile(path: path, problem: "has \(info.st_nlink) hard links (expected 1)") }
    }
}
