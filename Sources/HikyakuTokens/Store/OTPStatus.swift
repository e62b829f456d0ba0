// OTPStatus.swift — what an operator or the web tier may know about a login's OTP: never the code.
import Foundation

/// A login's one-time-code state, from `TokenStore.otpStatus(loginID:)`.
public struct OTPStatus: Sendable, Equatable {
    /// The login asked about.
    public let loginID: String
    /// Locked out until `unlockOTP`.
    public let locked: Bool
    /// Failures since the last success or unlock.
    public let failedAttempts: Int
    /// Failures still allowed before locking (0 when locked).
    public let attemptsLeft: Int
    /// A code is issued, unused and unexpired.
    public let hasActiveCode: Bool
    /// When the active code expires (nil without one).
    public let expiresAt: Date?

    /// The status as one line of JSON, e.g.
    /// `{"login_id":"sanka1","locked":false,"failed_attempts":1,"attempts_left":4,"has_active_code":true,"expires_at":"2026-11-21T12:10:00Z"}`.
    public func json() -> String {
        TokenJSON.object([
            "login_id": TokenJSON.quote(loginID),
            "locked": locked ? "true" : "false",
            "failed_attempts": String(failedAttempts),
            "attempts_left": String(attemptsLeft),
            "has_active_code": hasActiveCode ? "true" : "false",
            "expires_at": expiresAt.map { TokenJSON.quote(TokenJSON.timestamp($0)) },
        ])
    }
}
