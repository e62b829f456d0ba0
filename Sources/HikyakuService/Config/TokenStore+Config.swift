// TokenStore+Config.swift — opening the store a config describes, the same way the hikyaku commands do.
import Foundation
import HikyakuBase
import HikyakuTokens

extension TokenStore {
    /// Opens the token store of `config`: the `state` directory (created 0700 if missing; its
    /// parent must exist), the server secret from `secret_file` (default `<state>/secret`,
    /// created 0600 with 32 random bytes on first use) and `otp_max_attempts`.
    ///
    /// This is the entry point for a Swift web tier: opened from the worker's config, it shares
    /// records, secret and lock with the worker and the `hikyaku token` / `otp` commands, so any
    /// mix of them may run at once. Throws `secretFile` (a missing-and-uncreatable, permissive,
    /// short or odd secret file) or `io`; never writes or logs the secret.
    public static func open(config: Config, clock: any Clock = SystemClock()) throws(TokenError) -> TokenStore {
        try TokenStore.open(
            stateDirectory: config.state, secretFile: config.resolvedSecretFile,
            maxOTPAttempts: config.otpMaxAttempts, clock: clock, sharedGroup: config.webGroup)
    }

    /// The token store of `config` when its server secret exists, else nil; never creates one
    /// (see `openExisting(stateDirectory:…)`): what the operator's commands use.
    public static func openExisting(config: Config, clock: any Clock = SystemClock()) throws(TokenError) -> TokenStore? {
        try openExisting(
            stateDirectory: config.state, secretFile: config.resolvedSecretFile, maxOTPAttempts: config.otpMaxAttempts, clock: clock,
            sharedGroup: config.webGroup)
    }
}
