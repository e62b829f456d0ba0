// SuppressionList.swift — addresses mail must not go to (bounced, complained, added), kept beside the token store.
import Foundation
import HikyakuBase

/// The suppression list of a state directory: `<state>/suppression/`, one 0600 file per address
/// (named by a digest of the normalised address, `SuppressionAddress`), the circuit breaker's
/// per-domain files in `domains/`, a `lock` and an append-only `log` of every change.
///
/// The worker checks it before issuing anything for a job (a suppressed job fails with
/// `suppressed: …`); the inbound side records bounces and complaints through `record`;
/// operators use `hikyaku suppression`; a Swift web tier linking `HikyakuTokens` alone opens it
/// with `open(stateDirectory:)` and calls `check`. Changes hold an exclusive `flock` on `lock`
/// (workers, commands and threads may record at once); entries are replaced atomically and
/// durably (temporary, fsync, rename, directory fsync), so `check` reads without a lock.
public struct SuppressionList: Sendable {
    /// How a suppressed job's failure reason begins.
    public static let reasonPrefix = "suppressed:"
    /// The directory's name inside the state directory.
    public static let directoryName = "suppression"

    /// `<state>/suppression`.
    public let directory: String
    /// The numbers the list decides by.
    public let policy: SuppressionPolicy
    /// The group of the two-user layout, or nil.
    let sharedGroup: SharedGroup?
    /// The time of an operator's change and of `prune`.
    let clock: any Clock

    /// The list of `stateDirectory`, not checked: for a caller that already checked the state
    /// (the worker, after `TokenStore.open`, which checks `suppression/` too). Directories are
    /// made on the first change.
    package init(
        stateDirectory: String, sharedGroup: SharedGroup? = nil, policy: SuppressionPolicy = .standard, clock: any Clock = SystemClock()
    ) {
        self.directory = (stateDirectory as NSString).appendingPathComponent(Self.directoryName)
        self.sharedGroup = sharedGroup
        self.policy = policy
        self.clock = clock
    }

    /// Opens the list of the token state in `stateDirectory` (the worker's `state`), creating
    /// `suppression/` (0700; its parent's parent must exist) when missing, after checking the state
    /// directory as `TokenStore.open` does: this user's and writable by nobody else, or the
    /// two-user layout of `sharedGroup`, where `suppression/` is the worker's, group-readable
    /// (2750, entries 0640) so a member may `check`, never change. A member creates nothing: a
    /// missing list suppresses nobody. Throws `unsafeState` naming the path and the fix, or `io`.
    public static func open(
        stateDirectory: String, sharedGroup: SharedGroup? = nil, policy: SuppressionPolicy = .standard, clock: any Clock = SystemClock()
    ) throws(SuppressionError) -> SuppressionList {
        let list = SuppressionList(stateDirectory: stateDirectory, sharedGroup: sharedGroup, policy: policy, clock: clock)
        try list.prepareVerified(create: true)
        return list
    }

    /// The list when `<state>/suppression` exists (checked as `open` does), else nil; creates
    /// nothing (what `status` uses).
    public static func openExisting(
        stateDirectory: String, sharedGroup: SharedGroup? = nil, policy: SuppressionPolicy = .standard, clock: any Clock = SystemClock()
    ) throws(SuppressionError) -> SuppressionList? {
        let list = SuppressionList(stateDirectory: stateDirectory, sharedGroup: sharedGroup, policy: policy, clock: clock)
        guard Files.exists(list.directory) else { return nil }
        try list.prepareVerified(create: false)
        return list
    }

    /// The entry that stops a mail to `address` at `at` (default now), or nil when the mail may
    /// go. `notice`: the mail is a notice (`MailKind.isNotice`), which a complaint's
    /// notices-only entry stops too. Held, expired and counting entries stop nothing. Reads one
    /// file, no lock. Throws `badAddress`, `corruptEntry` (left in place; `remove` clears it)
    /// or `io`: the caller decides (the worker defers the job).
    public func check(address: String, notice: Bool, at: Date? = nil) throws(SuppressionError) -> SuppressionEntry? {
        guard let entry = try entry(address: address) else { return nil }
        return entry.suppresses(notice: notice, at: at ?? clock.now()) ? entry : nil
    }

    /// Whatever the list holds for `address` (active, held, expired or counting), or nil.
    public func entry(address: String) throws(SuppressionError) -> SuppressionEntry? {
        try readEntry(at: entryPath(try SuppressionAddress(address)))
    }

    /// The failure reason of a job the entry stops: `suppressed: <summary>`.
    public static func reason(for entry: SuppressionEntry) -> String {
        "\(reasonPrefix) \(entry.summary)"
    }
}
