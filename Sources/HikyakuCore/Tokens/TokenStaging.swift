// TokenStaging.swift — a batch's held-back writes: read back within the batch, then made durable with one sync.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files a batch of issues changes, kept in memory until `commit`. Reads inside the batch
/// see them (a second issue for the same login sees the first); other processes see nothing
/// until the batch commits, and the batch holds the store's exclusive lock throughout.
///
/// `commit` writes each file's last contents to a temporary file in its directory, makes all
/// of them durable together (`FileSystemSync`), then renames them into place in the order they
/// were first changed, syncing the directory after each rename. A crash leaves each file old or
/// new, never torn, and never a later change without an earlier one — as with one-by-one
/// writes, at the cost of one content sync per batch instead of one per file.
final class TokenStaging: @unchecked Sendable {
    private var writes: [(path: String, bytes: [UInt8])] = []

    /// The contents staged for `path`, if any.
    func bytes(at path: String) -> [UInt8]? {
        writes.last(where: { $0.path == path })?.bytes
    }

    func stage(_ bytes: [UInt8], at path: String) {
        writes.append((path, bytes))
    }

    /// A point to roll back to when one issue of the batch fails.
    var mark: Int { writes.count }

    func rollBack(to mark: Int) {
        writes.removeSubrange(mark...)
    }

    /// Writes, syncs and renames everything staged (see the type's comment); on a throw no file
    /// was renamed unless the failing step was a rename or a directory sync.
    func commit() throws(TokenError) {
        var order: [String] = []
        var latest: [String: [UInt8]] = [:]
        for (path, bytes) in writes {
            if latest.updateValue(bytes, forKey: path) == nil { order.append(path) }
        }
        writes.removeAll()
        guard !order.isEmpty else { return }
        var temporaries: [(descriptor: Int32, temporary: String, path: String)] = []
        defer {
            for entry in temporaries {
                close(entry.descriptor)
                unlink(entry.temporary)
            }
        }
        for path in order {
            let temporary = TokenFileIO.temporaryName(beside: path)
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw .io(path: temporary, operation: "open", errno: errno) }
            temporaries.append((fd, temporary, path))
            try TokenFileIO.writeAll(fd, latest[path] ?? [], path: temporary)
        }
        if let failure = FileSystemSync.contents(of: temporaries.map(\.descriptor)) {
            throw .io(path: temporaries[failure.index].temporary, operation: failure.operation, errno: failure.errno)
        }
        // Each rename is made durable before the next, as with one-by-one writes: a crash
        // never keeps a later change (the new token) without an earlier one (the superseded one).
        while !temporaries.isEmpty {
            let entry = temporaries.removeFirst()
            close(entry.descriptor)
            guard rename(entry.temporary, entry.path) == 0 else {
                let code = errno
                unlink(entry.temporary)
                throw .io(path: entry.path, operation: "rename", errno: code)
            }
            try TokenFileIO.syncDirectory(TokenFileIO.parent(of: entry.path))
        }
    }
}
