// TokenStore+Open.swift — opening the store of a state directory and secret file, without the service's Config.
import Foundation
import HikyakuBase

extension TokenStore {
    /// Opens the token store in `stateDirectory` (created 0700 with its subdirectories if
    /// missing; its parent must exist) with the server secret from `secretFile` (default
    /// `<stateDirectory>/secret`, created 0600 with 32 random bytes on first use).
    /// `maxOTPAttempts` failures lock a login. The state directory, each subdirectory and the
    /// secret file must belong to this user and be writable by nobody else, as the spool's
    /// directories must: otherwise `unsafeState` (or `secretFile`) names the path and the fix.
    ///
    /// The entry point for a Swift web tier that links `HikyakuTokens` alone: given the worker's
    /// `state` and `secret_file`, it shares records, secret and lock with the worker and the
    /// `hikyaku token` / `otp` commands, so any mix of them may run at once. Throws `unsafeState`,
    /// `secretFile` (a missing-and-uncreatable, another user's, permissive, short or odd secret
    /// file) or `io`; never writes
    /// or logs the secret.
    ///
    /// With `sharedGroup` (`web_group`) the state and secret are those of the two-user layout
    /// (`TokenStateDirectory.prepareVerified`, secret 0640 of the group): the worker's user
    /// creates and checks it; a member (the web tier) creates nothing, checks it against the
    /// owner of the state directory and may then verify, consume and check codes.
    public static func open(
        stateDirectory: String, secretFile: String? = nil,
        maxOTPAttempts: Int = TokenStore.defaultMaxOTPAttempts, clock: any Clock = SystemClock(),
        sharedGroup: SharedGroup? = nil
    ) throws(TokenError) -> TokenStore {
        let state = TokenStateDirectory(root: stateDirectory, sharedGroup: sharedGroup)
        try state.prepareVerified()
        let secret = try ServerSecret.load(
            path: secretFile ?? (stateDirectory as NSString).appendingPathComponent("secret"), sharedGroup: sharedGroup,
            owner: state.owner)
        return TokenStore(
            directory: URL(fileURLWithPath: stateDirectory), secret: secret, clock: clock, maxOTPAttempts: maxOTPAttempts,
            sharedGroup: sharedGroup)
    }

    /// The store of `stateDirectory` when its server secret exists, else nil (nothing was ever
    /// issued: an operator's `show` or `replay` then has no link to look at or revoke). Never
    /// creates a secret; otherwise as `open(stateDirectory:…)`, with the same safety checks.
    public static func openExisting(
        stateDirectory: String, secretFile: String? = nil,
        maxOTPAttempts: Int = TokenStore.defaultMaxOTPAttempts, clock: any Clock = SystemClock(),
        sharedGroup: SharedGroup? = nil
    ) throws(TokenError) -> TokenStore? {
        let secretPath = secretFile ?? (stateDirectory as NSString).appendingPathComponent("secret")
        let state = TokenStateDirectory(root: stateDirectory, sharedGroup: sharedGroup)
        let secret: ServerSecret
        do {
            secret = try ServerSecret.load(path: secretPath, createIfMissing: false, sharedGroup: sharedGroup, owner: state.owner)
        } catch .secretFile(_, .missing) {
            return nil
        }
        try state.prepareVerified()
        return TokenStore(
            directory: URL(fileURLWithPath: stateDirectory), secret: secret, clock: clock, maxOTPAttempts: maxOTPAttempts,
            sharedGroup: sharedGroup)
    }
}
