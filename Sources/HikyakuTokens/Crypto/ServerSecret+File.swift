// ServerSecret+File.swift — loads secret_file, creating it (0600, 32 random bytes) on first use.
import HikyakuBase
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServerSecret {
    /// Loads the secret from `path`, creating it first if it is missing and `createIfMissing`.
    ///
    /// Creation writes 32 bytes from `SystemRandomNumberGenerator` to a private temporary file
    /// (`O_CREAT|O_EXCL`, mode 0600), fsyncs it and publishes it with `link(2)`, which fails if
    /// the name exists: when another process won that race, its file is read instead, so every
    /// process ends up with the same secret and nobody ever reads a half-written file.
    ///
    /// Throws `secretFile` for a file that is not a regular file (symbolic links are refused),
    /// belongs to another user, has any group/other permission bit, or holds fewer than 32 or more than 4096 bytes; and
    /// `io` for failing system calls. The bytes themselves never reach an error or a log.
    ///
    /// With `sharedGroup` (the two-user layout) the file must instead be `owner`'s, group
    /// `sharedGroup`, mode exactly 0640 (`unsafeState` otherwise), and is created so: the
    /// group's members read it, since verifying a link or code needs the HMAC key.
    public static func load(
        path: String, createIfMissing: Bool = true, sharedGroup: SharedGroup? = nil, owner: UInt32 = UInt32(geteuid())
    ) throws(TokenError) -> ServerSecret {
        // Two rounds at most: open fails with ENOENT → create (or lose the race) → open again.
        for _ in 0..<2 {
            let opened: Int32?
            do {
                opened = try Files.openForReading(path)
            } catch .io(let failure) where failure.errno == ELOOP {
                throw .secretFile(path: path, problem: .notRegularFile)
            } catch {
                throw TokenError(error)
            }
            if let fd = opened {
                defer { Files.discard(descriptor: fd) }
                return try readChecked(fd, path: path, sharedGroup: sharedGroup, owner: owner)
            }
            guard createIfMissing else { throw .secretFile(path: path, problem: .missing) }
            try create(path, sharedGroup: sharedGroup)
        }
        throw .secretFile(path: path, problem: .missing)
    }

    /// Checks type, permissions and size of the open secret file, then derives the keys.
    private static func readChecked(_ fd: Int32, path: String, sharedGroup: SharedGroup?, owner: UInt32) throws(TokenError)
        -> ServerSecret
    {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "fstat", errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .secretFile(path: path, problem: .notRegularFile)
        }
        if let group = sharedGroup {
            guard UInt32(info.st_uid) == owner, UInt32(info.st_gid) == group.id, UInt32(info.st_mode) & 0o7777 == 0o640 else {
                throw .unsafeState(
                    path: path,
                    problem: "the two-user layout (web_group \(group.name)) wants the secret owned by uid \(owner), group "
                        + "\(group.name), mode 0640; run chown \(owner):\(group.name) \(path) && chmod 640 \(path)")
            }
            return try readBytes(fd, path: path)
        }
        guard info.st_uid == geteuid() else { throw .secretFile(path: path, problem: .foreignOwner(uid: UInt32(info.st_uid))) }
        let permissions = UInt32(info.st_mode & 0o777)
        guard permissions & 0o077 == 0 else {
            throw .secretFile(path: path, problem: .permissive(mode: permissions))
        }
        return try readBytes(fd, path: path)
    }

    /// Reads the checked secret file's bytes, refusing too few or too many, and derives the keys.
    private static func readBytes(_ fd: Int32, path: String) throws(TokenError) -> ServerSecret {
        var bytes = try tokenIO(try Files.read(descriptor: fd, path: path, limit: maximumByteCount + 1))
        defer { wipe(&bytes) }
        guard bytes.count >= minimumByteCount else {
            throw .secretFile(path: path, problem: .tooShort(byteCount: bytes.count))
        }
        guard bytes.count <= maximumByteCount else {
            throw .secretFile(path: path, problem: .tooLarge(byteCount: bytes.count))
        }
        return ServerSecret(validated: bytes)
    }

    /// Writes a fresh secret beside `path` and links it into place unless someone else did first.
    private static func create(_ path: String, sharedGroup: SharedGroup?) throws(TokenError) {
        let temporary = "\(path).new-" + Files.uniqueSuffix()
        let fd = try tokenIO(try Files.createExclusive(temporary))
        defer { try? Files.removeIfPresent(temporary) }
        do throws(TokenError) {
            // The umask may only remove bits; fchmod makes the mode exactly 0600.
            // Shared: the group's, 0640 (the two-user layout), set before any byte is written.
            if let group = sharedGroup, fchown(fd, uid_t.max, gid_t(group.id)) != 0 {
                throw .io(path: temporary, operation: "fchown", errno: errno)
            }
            guard fchmod(fd, sharedGroup == nil ? 0o600 : 0o640) == 0 else {
                throw .io(path: temporary, operation: "fchmod", errno: errno)
            }
            var fresh = randomSeed()
            defer { wipe(&fresh) }
            try tokenIO(try Files.writeAll(fresh, to: fd, path: temporary))
            try tokenIO(try Files.sync(descriptor: fd, path: temporary))
        } catch {
            Files.discard(descriptor: fd)
            throw error
        }
        try tokenIO(try Files.closeAfterWriting(fd, path: temporary))
        // link(2) is the O_EXCL of publishing: false means another process created it first.
        _ = try tokenIO(try Files.publish(temporary, as: path))
        try tokenIO(try Files.syncDirectory(Files.parent(of: path)))
    }

    /// Overwrites key bytes once they are no longer needed (best effort; copies may exist).
    private static func wipe(_ bytes: inout [UInt8]) {
        for i in bytes.indices { bytes[i] = 0 }
    }
}
