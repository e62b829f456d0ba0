// TokenStore+Sweep.swift — deleting records that ended long ago, and the debris of crashed writes.
import Foundation

extension TokenStore {
    /// How long ended records are kept by default (one day), so a late click still reads as
    /// `used` or `expired` rather than `unknown`.
    public static let defaultSweepGrace: TimeInterval = 86_400

    /// Deletes what can no longer matter and returns how many records went:
    /// - link records that expired, or left `active` (used, revoked, superseded), more than
    ///   `grace` seconds ago (afterwards the token reads as `unknown`);
    /// - OTP records of unlocked logins with no active code and no change for `grace` seconds
    ///   (this also forgets a stale failure count; locked logins are never swept);
    /// - `current/` pointers to records that are gone or no longer active, and `.tmp-*` files
    ///   (every write holds the lock that sweep holds, so any temp file is crash debris).
    ///
    /// Corrupt records are left in place for an operator (see `TokenError.corruptRecord`).
    @discardableResult
    public func sweep(olderThan grace: TimeInterval = TokenStore.defaultSweepGrace) throws(TokenError) -> Int {
        try storage.withLock(exclusive: true) { () throws(TokenError) -> Int in
            let now = clock.now()
            // Link records past their grace period.
            let links = try storage.removeTokenRecords { record in
                let ended = min(record.expiresAt, record.closedAt ?? record.expiresAt)
                return now.timeIntervalSince(ended) > grace
            }
            // OTP records of unlocked logins idle past their grace period.
            let codes = try storage.removeOTPRecords { record in
                let lastEvent = max(record.updatedAt, record.expiresAt ?? record.updatedAt)
                return !record.locked && now.timeIntervalSince(lastEvent) > grace
            }
            // Pointers whose token is gone or final.
            try storage.removeCurrentPointers { $0?.status != .active }
            return links + codes
        }
    }
}
