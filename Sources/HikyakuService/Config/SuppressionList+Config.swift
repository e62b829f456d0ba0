// SuppressionList+Config.swift — opening the suppression list a config describes, as the hikyaku commands do.
import Foundation
import HikyakuBase
import HikyakuTokens

extension SuppressionList {
    /// Opens the suppression list of `config`: `<state>/suppression/`, checked (and created
    /// when missing) with the token state, in the two-user layout when `web_group` is set.
    /// What `hikyaku suppression` uses, and a Swift web tier holding the worker's config.
    /// Throws `unsafeState` or `io` (see `open(stateDirectory:…)`).
    public static func open(config: Config, clock: any Clock = SystemClock()) throws(SuppressionError) -> SuppressionList {
        try open(stateDirectory: config.state, sharedGroup: config.webGroup, clock: clock)
    }

    /// The list of `config` when it exists, else nil; creates nothing (`status`).
    public static func openExisting(config: Config, clock: any Clock = SystemClock()) throws(SuppressionError) -> SuppressionList? {
        try openExisting(stateDirectory: config.state, sharedGroup: config.webGroup, clock: clock)
    }
}
