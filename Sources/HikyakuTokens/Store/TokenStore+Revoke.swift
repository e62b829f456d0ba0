// TokenStore+Revoke.swift — withdrawing links (by login or by job seed) and reporting a job's link state.
import Foundation

extension TokenStore {
    /// Revokes every active link of `loginID` (of `purpose`, or of all purposes when nil) and
    /// returns how many. Scans all records, so links orphaned by a crash are caught too. A
    /// corrupt record does not stop the scan: the others are revoked, then `corruptRecord` is
    /// thrown for the first bad file. OTP codes are not affected.
    @discardableResult
    public func revoke(loginID: String, purpose: LinkPurpose?) throws(TokenError) -> Int {
        try storage.withLock(exclusive: true) { () throws(TokenError) -> Int in
            let now = now()
            var count = 0
            var firstCorrupt: TokenError?
            for digest in try storage.tokenRecordDigests() {
                let record: TokenRecord?
                do throws(TokenError) {
                    record = try storage.tokenRecord(digest: digest)
                } catch {
                    guard case .corruptRecord = error else { throw error }
                    firstCorrupt = firstCorrupt ?? error
                    continue
                }
                guard var record, record.loginID == loginID,
                    purpose == nil || record.purpose == purpose
                else { continue }
                if record.close(as: .revoked, at: now) {
                    try storage.writeTokenRecord(record, digest: digest)
                    count += 1
                }
            }
            if let firstCorrupt { throw firstCorrupt }
            return count
        }
    }

    /// Revokes the link derived from `seed` for `purpose` — for a job that failed permanently
    /// or expired before delivery. Returns true if an active link was revoked, false if there
    /// was none or it was already final.
    @discardableResult
    public func revoke(seed: [UInt8], purpose: LinkPurpose) throws(TokenError) -> Bool {
        try check(seed: seed)
        let digest = recordDigest(seed: seed, purpose: purpose)
        return try storage.withLock(exclusive: true) { () throws(TokenError) -> Bool in
            guard var record = try storage.tokenRecord(digest: digest),
                record.close(as: .revoked, at: now())
            else { return false }
            try storage.writeTokenRecord(record, digest: digest)
            return true
        }
    }

    /// Withdraws the OTP code derived from `seed` if it is still `loginID`'s current issuance —
    /// for an otp_code job that failed permanently, so a code nobody received stops working.
    /// The issuance joins the superseded ones, so a late retry of that job is told `superseded`
    /// and never mails it. The lock and failure count are untouched. Returns whether a current
    /// issuance was withdrawn.
    @discardableResult
    public func revokeOTP(loginID: String, seed: [UInt8]) throws(TokenError) -> Bool {
        try check(seed: seed)
        let issue = secret.digestHex(purpose: ServerSecret.otpPurpose, of: "issue/" + Base64URL.encode(seed))
        return try storage.withLock(exclusive: true) { () throws(TokenError) -> Bool in
            guard var record = try storage.otpRecord(loginID: loginID), record.issue == issue, record.withdrawCurrent()
            else { return false }
            record.updatedAt = now()
            try storage.writeOTPRecord(record, loginID: loginID)
            return true
        }
    }

    /// The state of the link derived from `seed` for `purpose`, or nil if none was issued (or
    /// it was swept). For `show`: it never returns or reveals the token.
    public func linkState(seed: [UInt8], purpose: LinkPurpose) throws(TokenError) -> LinkState? {
        try check(seed: seed)
        let digest = recordDigest(seed: seed, purpose: purpose)
        return try storage.withLock(exclusive: false) { () throws(TokenError) -> LinkState? in
            guard let record = try storage.tokenRecord(digest: digest) else { return nil }
            return LinkState(
                status: record.status, issuedAt: record.issuedAt, expiresAt: record.expiresAt,
                usedAt: record.usedAt, isExpired: clock.now() >= record.expiresAt)
        }
    }

    /// The digest the record of the link `seed` derives for `purpose` is stored under.
    func recordDigest(seed: [UInt8], purpose: LinkPurpose) -> String {
        secret.digestHex(purpose: purpose.rawValue, of: secret.linkToken(seed: seed))
    }
}
