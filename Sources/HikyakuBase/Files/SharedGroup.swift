// SharedGroup.swift — the Unix group of the two-user layout (`web_group`): its name, id and who is in it.
#if canImport(Glibc)
import Glibc
#endif

/// The group whose members (the web tier's user) may hand jobs off and verify links and codes,
/// as Postfix's `postdrop` group may drop mail: the spool's `tmp/` and `new/` and the token
/// state are shared with it, everything else stays the owner's (see "Two users" in
/// docs/operations.md). The worker's user must be a member too, to read the jobs members drop.
public struct SharedGroup: Sendable, Equatable {
    /// The group's name, as the operator wrote it (`web_group`).
    public let name: String
    /// Its numeric id.
    public let id: UInt32

    /// A group by name and id, as `named(_:)` resolved it (or a test chose it).
    public init(name: String, id: UInt32) {
        self.name = name
        self.id = id
    }

    /// The group called `name` in the system's group database, or nil when there is none.
    public static func named(_ name: String) -> SharedGroup? {
        guard !name.isEmpty, let entry = getgrnam(name) else { return nil }
        return SharedGroup(name: name, id: UInt32(entry.pointee.gr_gid))
    }

    /// Whether this process is in the group (its effective group or a supplementary one).
    public var includesThisProcess: Bool {
        if UInt32(getegid()) == id { return true }
        let count = getgroups(0, nil)
        guard count > 0 else { return false }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let filled = getgroups(count, &groups)
        return groups.prefix(Int(max(filled, 0))).contains { UInt32($0) == id }
    }
}
