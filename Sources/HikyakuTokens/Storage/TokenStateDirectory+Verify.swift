// TokenStateDirectory+Verify.swift — the state directory made and checked as the spool's are: this user's, writable by nobody else (or the two-user layout).
import HikyakuBase
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TokenStateDirectory {
    /// Creates the missing directories of the layout (0700, the root's parent must exist) and
    /// checks each — before anything is made inside it — as `DirectorySpool.verify()` checks the
    /// spool's: a directory (not a symbolic link), owned by this user, writable by nobody else.
    /// Otherwise anyone who can write there could delete an OTP record to lift its lock, or
    /// swap a record. Any other directory found in the root (the worker's `limits/`, say) is
    /// checked the same way. With a shared group, the two-user layout instead
    /// (`prepareShared`). Throws `unsafeState` naming the directory and the fix, or `io`.
    func prepareVerified() throws(TokenError) {
        if let sharedGroup { return try prepareShared(sharedGroup) }
        for directory in directories {
            try tokenIO(try Files.makeDirectory(directory))
            try Self.check(directory, owner: geteuid(), rule: .unshared)
        }
        try checkOtherDirectories(rule: .unshared)
    }

    /// The two-user layout: the root is the worker's, group `group`, 0710 (or 0750); `tokens/`,
    /// `current/`, `otp/` and `ended/` are the worker's, group `group`, 2770 (setgid so every
    /// record keeps the group; no sticky bit, since a member's consume replaces records the
    /// worker wrote); `lock` is 0660 and records 0640, group `group`; any other directory in the
    /// root (`limits/`) stays 0700. The worker's user (the root's owner, or anyone when there is
    /// no root yet) creates what is missing and must be in the group, to read members' records;
    /// a member creates nothing and checks the layout against the root's owner.
    private func prepareShared(_ group: SharedGroup) throws(TokenError) {
        var info = stat()
        let owner = lstat(root, &info) == 0 ? info.st_uid : geteuid()
        let isOwner = owner == geteuid()
        if isOwner && !group.includesThisProcess {
            throw .unsafeState(
                path: root,
                problem: "this user (uid \(geteuid())) is not in web_group \(group.name), so it cannot read the records members write; "
                    + "run usermod -aG \(group.name) <the worker's user> and start it again")
        }
        for directory in directories {
            if isOwner { try tokenIO(try Files.makeDirectory(directory, rule: rule(for: directory, group))) }
            try Self.check(directory, owner: owner, rule: rule(for: directory, group))
        }
        let lock = root + "/lock"
        if isOwner { try createSharedLock(lock, group) }
        guard lstat(lock, &info) == 0 else { throw .io(path: lock, operation: "stat", errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == owner, UInt32(info.st_gid) == group.id,
            UInt32(info.st_mode) & 0o7777 == 0o660
        else {
            throw .unsafeState(
                path: lock,
                problem: "the two-user layout (web_group \(group.name)) wants a regular file of uid \(owner), group \(group.name), "
                    + "mode 0660; run chown \(owner):\(group.name) \(lock) && chmod 660 \(lock)")
        }
        if isOwner { try checkOtherDirectories(rule: .ownerOnly) }
    }

    /// Whose the layout is: the root's owner in the two-user layout, else (or with no root yet) this user.
    var owner: UInt32 {
        var info = stat()
        guard sharedGroup != nil, lstat(root, &info) == 0 else { return UInt32(geteuid()) }
        return UInt32(info.st_uid)
    }

    /// The rule of `directory` in the two-user layout.
    private func rule(for directory: String, _ group: SharedGroup) -> DirectoryRule {
        directory == root ? .shared(group, modes: [0o710, 0o750]) : .shared(group, modes: [0o2770])
    }

    /// The root's rule: the two-user layout's (0710, or 0750), else the single user's.
    var rootRule: DirectoryRule {
        guard let sharedGroup else { return .unshared }
        return rule(for: root, sharedGroup)
    }

    /// The rule of `suppression/` (`SuppressionList`): in the two-user layout the worker's,
    /// group-readable (2750) so members may check an address, never change the list.
    var suppressionRule: DirectoryRule {
        guard let sharedGroup else { return .unshared }
        return .shared(sharedGroup, modes: [0o2750])
    }

    /// Creates the shared `lock` (0660, group `group`) unless it exists.
    private func createSharedLock(_ lock: String, _ group: SharedGroup) throws(TokenError) {
        let fd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return }
            throw .io(path: lock, operation: "create", errno: errno)
        }
        FileActivity.noteCreated()
        defer { Files.discard(descriptor: fd) }
        guard fchown(fd, uid_t.max, gid_t(group.id)) == 0 else { throw .io(path: lock, operation: "fchown", errno: errno) }
        guard fchmod(fd, 0o660) == 0 else { throw .io(path: lock, operation: "fchmod", errno: errno) }
    }

    /// Checks every directory in the root that is not the store's own (the worker's `limits/`,
    /// `suppression/` under its own rule).
    private func checkOtherDirectories(rule: DirectoryRule) throws(TokenError) {
        for name in try FileTokenStorage.names(in: root) where !directories.contains(root + "/" + name) {
            var info = stat()
            guard lstat(root + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            try Self.check(root + "/" + name, owner: geteuid(), rule: name == SuppressionList.directoryName ? suppressionRule : rule)
        }
    }

    /// Refuses `path` unless it is a directory of `owner` that keeps `rule`.
    static func check(_ path: String, owner: uid_t, rule: DirectoryRule) throws(TokenError) {
        switch Files.checkDirectory(path, owner: owner, rule: rule) {
        case nil: return
        case .missing: throw .io(path: path, operation: "stat", errno: ENOENT)
        case .failed(let code): throw .io(path: path, operation: "stat", errno: code)
        case .unsafe(let problem): throw .unsafeState(path: path, problem: problem)
        }
    }
}
