// TokenStore+Sweep.swift — deleting records that ended long ago, and the debris of crashed writes.
import Foundation

extension TokenStore {
    /// How long ended records are kept by default (one day), so a late click still reads as
    /// `used` or `expired` rather than `unknown`.
    public static let defaultSweepGrace: TimeInterval = 86_400

    /// How long after a link or code expires a retry of its job could still reach the store
    /// (one day). Until then sweep keeps what stops that retry from recording its secret
    /// afresh: a link's tombstone, a login's OTP record with its issuance history.
    public static let retryMargin: TimeInterval = 86_400

    /// Deletes what can no longer matter and returns how many records went:
    /// - link records that expired, or left `active` (used, revoked, superseded), more than
    ///   `grace` seconds ago (afterwards the token reads as `unknown`); one a job retry could
    ///   still re-derive (expired less than `retryMargin` ago) leaves a `TokenTombstone`, so that
    ///   `issueLink` never records it afresh — a used link never verifies again, whatever `grace`;
    /// - tombstones of links that expired more than `retryMargin` ago;
    /// - OTP records of unlocked logins with no active code and no change for `grace` seconds,
    ///   whose codes all expired more than `retryMargin` ago (this also forgets a stale failure
    ///   count; locked logins are never swept);
    /// - `current/` pointers to records that are gone or no longer active, and `.tmp-*` files
    ///   (every write holds the lock that sweep holds, so any temp file is crash debris).
    ///
    /// Corrupt records are left in place for an operator (see `TokenError.corruptRecord`).
    @discardableResult
    public func sweep(olderThan grace: TimeInterval = TokenStore.defaultSweepGrace) throws(TokenError) -> Int {
        try storage.withLock(exclusive: true) { () throws(TokenError) -> Int in
            let now = clock.now()
            // Link records past their grace period.
            let retriable = { (expiresAt: Date) in now.timeIntervalSince(expiresAt) <= TokenStore.retryMargin }
            let links = try storage.removeTokenRecords(
                where: { record in
                    let ended = min(record.expiresAt, record.closedAt ?? record.expiresAt)
                    return now.timeIntervalSince(ended) > grace
                }, leavingTombstone: { retriable($0.expiresAt) })
            try storage.removeTombstones { !retriable($0.expiresAt) }
            // OTP records of unlocked logins idle past their grace period, beyond any retry.
            let codes = try storage.removeOTPRecords { record in
                let lastEvent = max(record.updatedAt, record.expiresAt ?? record.updatedAt)
                let expiries = [record.expiresAt].compactMap { $0 } + record.previous.map(\.expiresAt)
                return !record.locked && now.timeIntervalSince(lastEvent) > grace && !expiries.contains(where: retriable)
            }
            // Pointers whose token is gone or final.
            try storage.removeCurrentPointers { $0?.status != .active }
            return links + codes
        }
    }
}
