// TokenStatus.swift — the life-cycle state of one issued link token or OTP issuance.

/// Where an issued secret stands. Only `active` can still verify; the others are final.
public enum TokenStatus: String, Sendable, Codable, CaseIterable {
    /// Issued and not yet used, revoked or replaced (it may still have expired: check the time).
    case active
    /// Consumed by a successful verification.
    case used
    /// Withdrawn by `revoke`.
    case revoked
    /// Replaced by a newer link or code for the same login and purpose.
    case superseded
}
