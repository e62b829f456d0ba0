// IssuedCode.swift — what issuing an OTP hands the worker: the code to mail and its validity.
import Foundation

/// The result of `TokenStore.issueOTP`. `code` goes into the mail and nowhere else: it is
/// redacted from `description` and reflection so it cannot slip into a log line.
public struct IssuedCode: Sendable, CustomStringConvertible, CustomReflectable {
    /// The six ASCII digits (leading zeros kept).
    public let code: String
    /// When this issuance was first made (whole seconds).
    public let issuedAt: Date
    /// The code verifies while `now < expiresAt`.
    public let expiresAt: Date
    /// `active` normally; `used` if it was already entered; `superseded` if a newer code was
    /// issued for the login since (a late retry: do not mail it); `revoked` when the login is
    /// locked and nothing was issued (`isLocked`).
    public let status: TokenStatus
    /// The login is locked out: no code is issued or verified until `unlockOTP` (do not mail).
    public let isLocked: Bool

    /// Without the code.
    public var description: String {
        "IssuedCode(code: redacted, status: \(status.rawValue), locked: \(isLocked), expires_at: \(TokenJSON.timestamp(expiresAt)))"
    }

    /// Without the code.
    public var customMirror: Mirror {
        Mirror(self, children: ["issuedAt": issuedAt, "expiresAt": expiresAt, "status": status, "isLocked": isLocked])
    }
}
