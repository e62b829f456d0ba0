// OTPVerdict.swift — the answer to "is this the login's current one-time code?".

/// The outcome of `TokenStore.verifyOTP`. A valid code is consumed by the same call.
public struct OTPVerdict: Sendable, Equatable {
    /// Why a code was refused.
    public enum Reason: String, Sendable, CaseIterable {
        /// Not the active code (counts toward the lock).
        case invalid
        /// The active code has expired (counts toward the lock).
        case expired
        /// The login is locked after too many failures; refused even with the right code.
        case locked
        /// No code is active for the login: none issued, or already used (counts toward the lock).
        /// Spelled `"none"` in JSON; named so that it cannot be confused with `Optional.none`.
        case noActiveCode = "none"
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
