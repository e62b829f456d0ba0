// LinkPurpose.swift — what a one-time link is for; each purpose has its own digest key.

/// The purpose of a one-time link. The raw value names the digest key
/// (`HMAC(secret, "hikyaku/v1/digest/" + rawValue)`) and appears in records and verdicts.
public enum LinkPurpose: String, Sendable, CaseIterable, Codable {
    /// A password-reset link (mail kind `password_reset`).
    case passwordReset = "password_reset"
    /// A link confirming a change of address (mail kind `email_change`).
    case emailChange = "email_change"
}
