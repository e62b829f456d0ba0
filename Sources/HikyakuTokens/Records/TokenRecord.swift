// TokenRecord.swift — one issued link token on disk: state/tokens/<digest>.json (no secret inside).
import Foundation
import HikyakuBase

/// The record of one link token, named by the token's HMAC digest under its purpose key.
///
/// ```json
/// {"emails":["sanka1@example.co.jp"],"expires_at":"2026-11-21T13:05:00Z",
///  "issued_at":"2026-11-21T12:05:00Z","job_id":"7f3a","login_id":"sanka1",
///  "purpose":"password_reset","status":"active","version":1}
/// ```
/// Once the status leaves `active`, `closed_at` records when (for `sweep`); `consume` also
/// sets `used_at`. Absent optional fields are left out of the file. A record written by the
/// state directory also names its own `digest` (the file's name), so that a `current/` pointer
/// made as a hard link to it says which record it points at (`TokenStateDirectory.readPointer`);
/// earlier versions ignore the member.
struct TokenRecord: Codable, Sendable, Equatable, VersionedRecord {
    static let currentVersion = 1

    var version: Int = TokenRecord.currentVersion
    var purpose: LinkPurpose
    var loginID: String
    var emails: [String]
    var issuedAt: Date
    var expiresAt: Date
    var status: TokenStatus
    var jobID: String
    var usedAt: Date?
    var closedAt: Date?
    /// The digest the record is stored under, or nil (a record of an earlier version).
    var digest: String?

    enum CodingKeys: String, CodingKey {
        case version, purpose, emails, status, digest
        case loginID = "login_id"
        case issuedAt = "issued_at"
        case expiresAt = "expires_at"
        case jobID = "job_id"
        case usedAt = "used_at"
        case closedAt = "closed_at"
    }

    /// Moves an active record to a final `status` at `now`; a final record is left alone.
    /// Returns whether anything changed.
    mutating func close(as status: TokenStatus, at now: Date) -> Bool {
        guard self.status == .active, status != .active else { return false }
        self.status = status
        closedAt = now
        if status == .used { usedAt = now }
        return true
    }

    /// Whether `address` is one of the bound addresses (whole address compared case-insensitively,
    /// an international domain in either form, surrounding white space ignored).
    func isBound(to address: String) -> Bool {
        let wanted = TokenRecord.normalize(address)
        return emails.contains { TokenRecord.normalize($0) == wanted }
    }

    /// The comparison form of an address: trimmed, an international domain as its A-labels (the
    /// worker binds `user@例え.jp` as `user@xn--r8jz45g.jp`), lower-cased.
    static func normalize(_ address: String) -> String {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let at = trimmed.lastIndex(of: "@"),
            let domain = try? IDNA.asciiDomain(String(trimmed[trimmed.index(after: at)...]))
        else { return trimmed.lowercased() }
        return (trimmed[...at] + domain).lowercased()
    }
}
