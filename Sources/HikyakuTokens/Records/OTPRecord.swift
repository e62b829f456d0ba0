// OTPRecord.swift — one login's OTP state on disk: state/otp/<sha256(login)>.json (digests only).
import Foundation

/// The OTP state of one login: the active code's digest, the failure count and the lock.
///
/// `issue` identifies the current issuance (a keyed digest of the job seed) so a retried job
/// is recognised; `previous` remembers the last few superseded issuances so a late retry of an
/// old job cannot bring its code back. Failure count and lock survive new issuances.
struct OTPRecord: Codable, Sendable, Equatable, VersionedRecord {
    static let currentVersion = 1
    /// How many superseded issuances are remembered.
    static let historyLimit = 16

    /// A superseded issuance: its seed digest and times.
    struct Past: Codable, Sendable, Equatable {
        var issue: String
        var issuedAt: Date
        var expiresAt: Date

        enum CodingKeys: String, CodingKey {
            case issue
            case issuedAt = "issued_at"
            case expiresAt = "expires_at"
        }
    }

    var version: Int = OTPRecord.currentVersion
    var loginID: String
    var digest: String?
    var issue: String?
    var issuedAt: Date?
    var expiresAt: Date?
    var usedAt: Date?
    var jobID: String?
    var failedAttempts: Int = 0
    var locked: Bool = false
    var lockedAt: Date?
    var updatedAt: Date
    var previous: [Past] = []

    enum CodingKeys: String, CodingKey {
        case version, digest, issue, locked, previous
        case loginID = "login_id"
        case issuedAt = "issued_at"
        case expiresAt = "expires_at"
        case usedAt = "used_at"
        case jobID = "job_id"
        case failedAttempts = "failed_attempts"
        case lockedAt = "locked_at"
        case updatedAt = "updated_at"
    }

    /// Ends the current issuance (a withdrawn code, or one burnt by a lock): it joins the
    /// superseded ones, so its code never verifies again and a late retry of its job is told
    /// `superseded`. Returns whether there was one.
    @discardableResult
    mutating func withdrawCurrent() -> Bool {
        guard let issue, let issuedAt, let expiresAt else { return false }
        previous.append(.init(issue: issue, issuedAt: issuedAt, expiresAt: expiresAt))
        previous = Array(previous.suffix(OTPRecord.historyLimit))
        (digest, self.issue, self.issuedAt, self.expiresAt, usedAt, jobID) = (nil, nil, nil, nil, nil, nil)
        return true
    }

    /// A code is issued, not used, and `now < expiresAt`.
    func hasActiveCode(at now: Date) -> Bool {
        guard digest != nil, usedAt == nil, let expiresAt else { return false }
        return now < expiresAt
    }
}
