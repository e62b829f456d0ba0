// Files+Layout.swift — creating and checking the directories of the spool and the token state, alone or shared with a group.
#if canImport(Glibc)
import Glibc
#endif

/// What a directory of the spool or the token state must look like, besides being a directory
/// (not a link) of its owner.
package enum DirectoryRule: Sendable {
    /// The single-user rule: nobody but the owner may write (the mode is not otherwise checked).
    case unshared
    /// The two-user layout's private directories: nobody but the owner may even enter (0700).
    case ownerOnly
    /// The two-user layout's shared directories: group `group` and permission bits (with the
    /// setgid and sticky bits) exactly one of `modes`; the first is the one `hikyaku init` sets.
    case shared(SharedGroup, modes: [UInt32])
}

/// Why a directory may not be used.
package enum DirectoryProblem: Equatable, Sendable {
    /// It does not exist.
    case missing
    /// `lstat` failed otherwise.
    case failed(errno: Int32)
    /// It exists but breaks its rule: what is wrong and the fix, one line.
    case unsafe(String)
}

extension Files {
    /// Creates directory `path` when missing: 0700, or under `rule` `.shared` with its group and
    /// first mode (the caller must be in the group). An existing directory is left as it is.
    package static func makeDirectory(_ path: String, rule: DirectoryRule) throws(FileFailure) {
        guard mkdir(path, 0o700) == 0 else {
            if errno == EEXIST { return }
            throw .io(IOFailure(path: path, operation: "mkdir", errno: errno))
        }
        guard case .shared(let group, let modes) = rule else { return }
        guard chown(path, uid_t.max, gid_t(group.id)) == 0 else { throw .io(IOFailure(path: path, operation: "chown", errno: errno)) }
        guard chmod(path, mode_t(modes.first ?? 0o700)) == 0 else { throw .io(IOFailure(path: path, operation: "chmod", errno: errno)) }
    }

    /// Checks that `path` is a directory (not a symbolic link) owned by `owner` that keeps `rule`;
    /// nil when it does, else the problem (with the fix an operator runs).
    package static func checkDirectory(_ path: String, owner: uid_t, rule: DirectoryRule) -> DirectoryProblem? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return errno == ENOENT ? .missing : .failed(errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return .unsafe("is not a directory") }
        guard info.st_uid == owner else { return .unsafe(ownerProblem(info.st_uid, expected: owner)) }
        let mode = UInt32(info.st_mode) & 0o7777
        switch rule {
        case .unshared:
            guard info.st_mode & (S_IWGRP | S_IWOTH) == 0 else { return .unsafe("is group- or world-writable; run chmod 700 on it") }
        case .ownerOnly:
            guard mode & 0o7077 == 0 else {
                return .unsafe("has mode \(octal(mode)): the two-user layout keeps it to its owner; run chmod 700 \(path)")
            }
        case .shared(let group, let modes):
            guard UInt32(info.st_gid) == group.id, modes.contains(mode) else {
                let wanted = octal(modes.first ?? 0o700)
                return .unsafe(
                    "has gid \(info.st_gid) and mode \(octal(mode)): the two-user layout (web_group \(group.name)) wants group "
                        + "\(group.name) and mode \(modes.map(octal).joined(separator: " or ")); run chgrp \(group.name) \(path) "
                        + "&& chmod \(wanted) \(path)")
            }
        }
        return nil
    }

    /// The owner mismatch, one line: this user's, or (a member checking the worker's layout) the expected owner's.
    package static func ownerProblem(_ found: uid_t, expected: uid_t) -> String {
        if expected == geteuid() { return "owned by uid \(found), not by this user (uid \(geteuid())); refusing to use it" }
        return "owned by uid \(found), not by uid \(expected) (the owner of the rest of the layout); refusing to use it"
    }

    /// `mode` as four octal digits (`0700`, `3770`).
    package static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
