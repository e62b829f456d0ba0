// TokenStore.swift — issued links and OTP codes as HMAC digests in the state directory, shared by processes.
import Foundation
import HikyakuBase

/// One-time link tokens and OTP codes, stored as HMAC digests under the config's `state`
/// directory (layout: `TokenStateDirectory`; the store reaches it through `TokenStorage`).
///
/// Every change holds an exclusive `flock` on `state/lock` and every read a shared one, so any
/// number of threads and processes (worker, CLI, web tier) may use the same directory: of
/// concurrent `consume` calls for one token exactly one is valid. Records are replaced
/// atomically (temp file, fsync, rename, fsync directory), so a crash never leaves a torn one.
///
/// Never stored or logged: tokens, codes, seeds, the secret. Issue calls are idempotent per
/// seed, so the worker keeps only the seed in its spool record and re-derives on retry.
///
/// Time: issue times are truncated to whole seconds; a secret verifies while
/// `now < expires_at` and is `expired` from `expires_at` on (at lifetime − 1 s it is valid,
/// at exactly the lifetime it is not).
///
/// For a Swift web tier — the same operations as `hikyaku token` and `hikyaku otp`:
/// ```swift
/// let tokens = try TokenStore.open(stateDirectory: "/var/lib/hikyaku/state", secretFile: "/var/lib/hikyaku/state/secret")
/// try tokens.peek(token: t, loginID: l, email: e)       // GET: judge, change nothing
/// try tokens.consume(token: t, loginID: l, email: e)    // POST: exactly one concurrent caller wins
/// try tokens.revoke(loginID: l, purpose: .passwordReset) // after a password or address change
/// try tokens.verifyOTP(loginID: l, code: c)             // consumes on success, counts failures
/// try tokens.otpStatus(loginID: l)                      // never the code
/// try tokens.unlockOTP(loginID: l)                      // the administrator's action
/// ```
/// Links and codes are normally issued by the worker from spool jobs (`issueLink`, `issueOTP`,
/// idempotent per seed). Refusals are verdicts (`valid == false` with a `reason`); a thrown
/// `TokenError` is a storage problem — treat it as "try again later" (the CLI's exit 75).
public struct TokenStore: Sendable {
    /// Default number of failed OTP attempts that locks a login.
    public static let defaultMaxOTPAttempts = 5

    /// Where the records live: the state directory, or a test's in-memory storage.
    var storage: any TokenStorage
    let secret: ServerSecret
    let clock: any Clock
    /// Failures (wrong, expired or absent code) that lock a login's OTP.
    public let maxOTPAttempts: Int

    /// A store over `directory`. Nothing is touched until the first call, which creates the
    /// directory (0700, its parent must exist) with `tokens/`, `current/`, `otp/` and `lock`.
    /// `maxOTPAttempts` failures lock a login's OTP until `unlockOTP` (values below 1 count as 1).
    /// With `sharedGroup` (`web_group`) records are written 0640 for the group to read.
    public init(
        directory: URL, secret: ServerSecret, clock: any Clock = SystemClock(),
        maxOTPAttempts: Int = TokenStore.defaultMaxOTPAttempts, sharedGroup: SharedGroup? = nil
    ) {
        self.init(
            storage: FileTokenStorage(root: directory.path, sharedGroup: sharedGroup), secret: secret, clock: clock,
            maxOTPAttempts: maxOTPAttempts)
    }

    /// A store over `storage` (the state directory's `FileTokenStorage`, or another backend).
    init(
        storage: any TokenStorage, secret: ServerSecret, clock: any Clock = SystemClock(),
        maxOTPAttempts: Int = TokenStore.defaultMaxOTPAttempts
    ) {
        self.storage = storage
        self.secret = secret
        self.clock = clock
        self.maxOTPAttempts = max(1, maxOTPAttempts)
    }

    /// A fresh 32-byte job seed (same as `ServerSecret.randomSeed()`).
    public static func randomSeed() -> [UInt8] { ServerSecret.randomSeed() }

    /// The current time truncated to whole seconds, as stored in records.
    func now() -> Date { TokenJSON.wholeSecond(clock.now()) }

    /// Refuses seeds of the wrong length (a damaged job record, not a programmer error).
    func check(seed: [UInt8]) throws(TokenError) {
        guard seed.count == ServerSecret.seedByteCount else { throw .badSeed(byteCount: seed.count) }
    }

    /// Refuses an empty login ID and a lifetime under one second; returns the whole-second lifetime.
    func check(loginID: String, lifetime: TimeInterval) throws(TokenError) -> TimeInterval {
        guard !loginID.isEmpty else { throw .badInput(field: "login_id", problem: "empty") }
        guard lifetime.isFinite, lifetime >= 1 else {
            throw .badInput(field: "lifetime", problem: "\(lifetime) s (need at least 1 s)")
        }
        return lifetime.rounded(.down)
    }
}
