// DirectorySpool+Layout.swift — the spool's directories: created and checked for one user, or shared with web_group.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// Two layouts. One user (no `web_group`): every directory belongs to the worker's user and no
/// one else may write to it. Two users (`web_group`, as Postfix's `postdrop`): the root is the
/// worker's, group `web_group`, 0710 (or 0750) so members reach `tmp/` and `new/`, which are
/// the worker's, group `web_group`, 3770 (setgid: a dropped file keeps the group; sticky: a
/// member can neither rename nor remove another's file, nor the worker's temporaries); every
/// other directory stays 0700, so members never read records (seeds, addresses) nor alter
/// `sent/` or `failed/`. Members' files are 0640: the worker, itself a member, reads them.
extension DirectorySpool {
    /// The modes the root may have in the two-user layout (the first is the one created).
    static let sharedRootModes: [UInt32] = [0o710, 0o750]
    /// The modes of `tmp/` and `new/` in the two-user layout.
    static let sharedHandOffModes: [UInt32] = [0o3770]
    /// The mode of `events/` in the two-user layout: members read the worker's 0640 events and
    /// remove those they acknowledged (setgid, no sticky bit).
    static let sharedEventModes: [UInt32] = [0o2770]

    /// The rule `directory` keeps in this spool's layout.
    func rule(for directory: String) -> DirectoryRule {
        guard let group = sharedGroup else { return .unshared }
        if directory == root { return .shared(group, modes: Self.sharedRootModes) }
        if directory == path(.tmp) || directory == path(.new) { return .shared(group, modes: Self.sharedHandOffModes) }
        if directory == eventsPath { return .shared(group, modes: Self.sharedEventModes) }
        return .ownerOnly
    }

    /// Creates the spool's directories when missing (0700, or the two-user layout's group and
    /// modes), then checks them as `verify()` does. Only the worker and `hikyaku init` create a
    /// spool; a producer never does.
    public func prepare() throws(SpoolError) {
        try checkMembership()
        for directory in [root] + SpoolState.allCases.map({ path($0) }) + [eventsPath] {
            try spoolIO(Files.makeDirectory(directory, rule: rule(for: directory)))
        }
        try inbound.prepare()
        try verify()
    }

    /// Checks, creating nothing, that the spool and each state directory exist, are directories,
    /// belong to this user and keep the layout: writable by nobody else (one user), or exactly
    /// the two-user layout (and this user is in `web_group`). Throws `missing` naming the first
    /// directory that does not exist, `unsafe` for the others.
    public func verify() throws(SpoolError) {
        try checkMembership()
        // events/ and bounced/ came later than the other states: a spool made before them gets
        // them at the next prepare().
        let events = Files.exists(eventsPath) ? [eventsPath] : []
        let states = SpoolState.allCases.filter { $0 != .bounced || Files.exists(path(.bounced)) }
        for directory in [root] + states.map({ path($0) }) + events {
            try check(directory, owner: geteuid())
        }
        // inbound/ came later too: checked once it exists.
        if Files.exists(inbound.root) { try inbound.verify() }
    }

    /// What a producer checks before a hand-off: `verify()` for one user; in the two-user layout
    /// (run by a member, or the worker's user) that the root, `tmp/` and `new/` exist and keep
    /// the layout, owned by the root's owner. The other directories are not the producer's to look at.
    public func verifyHandOff() throws(SpoolError) {
        guard sharedGroup != nil else { return try verify() }
        var info = stat()
        guard lstat(root, &info) == 0 else {
            throw errno == ENOENT ? .missing(path: root) : .io(path: root, operation: "stat", errno: errno)
        }
        for directory in [root, path(.tmp), path(.new)] {
            try check(directory, owner: info.st_uid)
        }
    }

    /// What a reader of the event stream checks: `verify()` for one user; in the two-user
    /// layout the root and `events/`, owned by the root's owner.
    public func verifyEvents() throws(SpoolError) {
        guard sharedGroup != nil else { return try verify() }
        var info = stat()
        guard lstat(root, &info) == 0 else {
            throw errno == ENOENT ? .missing(path: root) : .io(path: root, operation: "stat", errno: errno)
        }
        for directory in [root, eventsPath] { try check(directory, owner: info.st_uid) }
    }

    private func check(_ directory: String, owner: uid_t) throws(SpoolError) {
        switch Files.checkDirectory(directory, owner: owner, rule: rule(for: directory)) {
        case nil: return
        case .missing: throw .missing(path: directory)
        case .failed(let code): throw .io(path: directory, operation: "stat", errno: code)
        case .unsafe(let problem): throw .unsafe(path: directory, problem: problem)
        }
    }

    /// In the two-user layout the worker reads members' 0640 files through the group: refuses
    /// to go on when this user is not in it.
    private func checkMembership() throws(SpoolError) {
        guard let group = sharedGroup, !group.includesThisProcess else { return }
        throw .unsafe(
            path: root,
            problem: "this user (uid \(geteuid())) is not in web_group \(group.name), so it cannot read the jobs members drop; "
                + "run usermod -aG \(group.name) <the worker's user> and start it again")
    }
}
