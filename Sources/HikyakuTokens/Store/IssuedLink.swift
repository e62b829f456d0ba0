// IssuedLink.swift — what issuing a link hands the worker: the token to mail and its validity.
import Foundation

/// The result of `TokenStore.issueLink`. `token` goes into the mail and nowhere else: it is
/// redacted from `description` and reflection so it cannot slip into a log line.
public struct IssuedLink: Sendable, CustomStringConvertible, CustomReflectable {
    /// The 43-character base64url token to put in the link.
    public let token: String
    /// When the token was first issued (whole seconds).
    public let issuedAt: Date
    /// The token verifies while `now < expiresAt`.
    public let expiresAt: Date
    /// The record's status. A retry normally sees `active`; anything else (revoked, superseded,
    /// used) means the link should not be mailed again.
    public let status: TokenStatus

    /// Without the token.
    public var description: String {
        "IssuedLink(token: redacted, status: \(status.rawValue), expires_at: \(TokenJSON.timestamp(expiresAt)))"
    }

    /// Without the token.
    public var customMirror: Mirror {
        Mirror(self, children: ["issuedAt": issuedAt, "expiresAt": expiresAt, "status": status])
    }
}
