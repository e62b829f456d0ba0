// TokenTombstone.swift — what sweep leaves of a link record a job retry could still re-derive: state/ended/<digest>.json.
import Foundation

/// The remains of a swept link record: its last status and times, no login and no address.
///
/// ```json
/// {"expires_at":"2026-11-21T13:05:00Z","issued_at":"2026-11-21T12:05:00Z","status":"used","version":1}
/// ```
/// A job's seed re-derives the same token on every retry. Without this, a retry after a sweep
/// would record that token afresh, and a used link could verify a second time. `issueLink`
/// answers from a tombstone and records nothing; `sweep` keeps it until no retry can reach the
/// store (`TokenStore.retryMargin` after `expires_at`). Verifying never reads it: the token
/// reads as `unknown`, as for any swept record.
struct TokenTombstone: Codable, Sendable, Equatable, VersionedRecord {
    static let currentVersion = 1

    var version: Int = TokenTombstone.currentVersion
    var status: TokenStatus
    var issuedAt: Date
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case version, status
        case issuedAt = "issued_at"
        case expiresAt = "expires_at"
    }

    /// The tombstone of `record`.
    init(of record: TokenRecord) {
        status = record.status
        issuedAt = record.issuedAt
        expiresAt = record.expiresAt
    }
}
