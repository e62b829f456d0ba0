// OTPVerdict.swift — the answer to "is this the login's current one-time code?".

/// The outcome of `TokenStore.verifyOTP`. A valid code is consumed by the same call.
public struct OTPVerdict: Sendable, Equatable {
    /// Why a code was refused.
    public enum Reason: String, Sendable, CaseIterable {
        /// Not the active code (counts toward the lock).
        case invalid
        /// Not six ASCII digits: no code could match, so the attempt counts nothing.
        case invalidFormat = "invalid_format"
        /// The active code has expired (counts toward the lock).
        case expired
        /// The login is locked after too many failures; refused even with the right code.
        case locked
        /// No code is active for the login: none issued, already used, withdrawn, or burnt by a
        /// lock. Nothing could match, so the attempt counts nothing.
        case noActiveCode = "no_active_code"
    }

    /// True when the code matched the active, unexpired code of an unlocked login.
    public let valid: Bool
    /// Why not, when `valid` is false.
    public let reason: Reason?
    /// Failures still allowed before the login locks (0 once locked).
    public let attemptsLeft: Int

    /// The verdict as one line of JSON, e.g. `{"valid":false,"reason":"invalid","attempts_left":3}`.
    public func json() -> String {
        TokenJSON.object([
            "valid": valid ? "true" : "false",
            "reason": reason.map { TokenJSON.quote($0.rawValue) },
            "attempts_left": String(attemptsLeft),
        ])
    }
}
