// TokenVerdict.swift — the answer to "is this link token good for this login and address?".
import Foundation

/// The outcome of `TokenStore.peek` or `consume`.
///
/// Checks run in a fixed order and the first failure is the reason: `unknown` → `mismatch` →
/// `revoked` / `superseded` / `used` → `expired`. An unknown token reveals nothing (no purpose,
/// login or time); a mismatch reveals only the purpose, never whom the token is bound to.
public struct TokenVerdict: Sendable, Equatable {
    /// Why a token was refused.
    public enum Reason: String, Sendable, CaseIterable {
        /// No such token (never issued, swept, or malformed).
        case unknown
        /// The login ID or address is not the one the token was issued for; nothing was consumed.
        case mismatch
        /// Withdrawn by `revoke`.
        case revoked
        /// A newer link for the same login and purpose replaced it.
        case superseded
        /// Already consumed.
        case used
        /// `now >= expires_at`.
        case expired
    }

    /// True only when every check passed (and, for `consume`, the token is now used).
    public let valid: Bool
    /// Why not, when `valid` is false.
    public let reason: Reason?
    /// The token's purpose (nil for `unknown`).
    public let purpose: LinkPurpose?
    /// The login the token was issued for (nil for `unknown` and `mismatch`).
    public let loginID: String?
    /// When the token stops verifying (nil for `unknown` and `mismatch`).
    public let expiresAt: Date?

    /// The verdict as one line of JSON for the web tier, e.g.
    /// `{"valid":false,"reason":"expired","purpose":"password_reset","login_id":"sanka1","expires_at":"2026-11-21T13:05:00Z"}`.
    /// Absent fields are left out; the token itself never appears.
    public func json() -> String {
        TokenJSON.object([
            "valid": valid ? "true" : "false",
            "reason": reason.map { TokenJSON.quote($0.rawValue) },
            "purpose": purpose.map { TokenJSON.quote($0.rawValue) },
            "login_id": loginID.map(TokenJSON.quote),
            "expires_at": expiresAt.map { TokenJSON.quote(TokenJSON.timestamp($0)) },
        ])
    }

    /// A verdict for a token that matches no record.
    static let unknown = TokenVerdict(valid: false, reason: .unknown, purpose: nil, loginID: nil, expiresAt: nil)
}
