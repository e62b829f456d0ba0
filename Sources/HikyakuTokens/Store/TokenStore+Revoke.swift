// TokenStore+Revoke.swift — withdrawing links (by login or by job seed) and reporting a job's link state.
import Foundation

extension TokenStore {
    /// Revokes every active link of `loginID` (of `purpose`, or of all purposes when nil) and
    /// returns how many. Scans all records, so links orphaned by a crash are caught too. A
    /// corrupt record does not stop the scan: the others are revoked, then `corruptRecord` is
    /// thrown for the first bad file. OTP codes are not affected.
    @discardableResult
    public func revoke(loginID: String, purpose: LinkPurpose?) throws(TokenError) -> Int {
        try state.withLock(exclusive: true) { () throws(TokenError) -> Int in
            let now = now()
            var count = 0
            var firstCorrupt: TokenError?
            for name in try TokenFileIO.list(state.tokensDirectory) where TokenStore.isRecordName(name) {
                let path = state.tokensDirectory + "/" + name
                let record: TokenRecord?
                do throws(TokenError) {
                    record = try state.read(TokenRecord.self, at: path)
                } catch {
                    guard case .corruptRecord = error else { throw error }
                    firstCorrupt = firstCorrupt ?? error
                    continue
                }
                guard var record, record.loginID == loginID,
                    purpose == nil || record.purpose == purpose
                else { continue }
                if record.close(as: .revoked, at: now) {
                    try state.write(record, at: path)
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
        let path = recordPath(seed: seed, purpose: purpose)
        return try state.withLock(exclusive: true) { () throws(TokenError) -> Bool in
            guard var record = try state.read(TokenRecord.self, at: path),
                record.close(as: .revoked, at: now())
            else { return false }
            try state.write(record, at: path)
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
        let path = state.otpPath(loginID: loginID)
        return try state.withLock(exclusive: true) { () throws(TokenError) -> Bool in
            guard var record = try state.read(OTPRecord.self, at: path), record.issue == issue,
                let issuedAt = record.issuedAt, let expiresAt = record.expiresAt
            else { return false }
            record.previous.append(.init(issue: issue, issuedAt: issuedAt, expiresAt: expiresAt))
            record.previous = Array(record.previous.suffix(OTPRecord.historyLimit))
            (record.digest, record.issue, record.issuedAt, record.expiresAt, record.usedAt, record.jobID) = (nil, nil, nil, nil, nil, nil)
            record.updatedAt = now()
            try state.write(record, at: path)
            return true
        }
    }

    /// The state of the link derived from `seed` for `purpose`, or nil if none was issued (or
    /// it was swept). For `show`: it never returns or reveals the token.
    public func linkState(seed: [UInt8], purpose: LinkPurpose) throws(TokenError) -> LinkState? {
        try check(seed: seed)
        let path = recordPath(seed: seed, purpose: purpose)
        return try state.withLock(exclusive: false) { () throws(TokenError) -> LinkState? in
            guard let record = try state.read(TokenRecord.self, at: path) else { return nil }
            return LinkState(
                status: record.status, issuedAt: record.issuedAt, expiresAt: record.expiresAt,
                usedAt: record.usedAt, isExpired: clock.now() >= record.expiresAt)
        }
    }

    /// The record file of the link `seed` derives for `purpose`.
    func recordPath(seed: [UInt8], purpose: LinkPurpose) -> String {
        state.tokenPath(digest: secret.digestHex(purpose: purpose.rawValue, of: secret.linkToken(seed: seed)))
    }

    /// A finished record file name (`<hex>.json`), as opposed to a temporary or foreign file.
    static func isRecordName(_ name: String) -> Bool {
        name.hasSuffix(".json") && !name.hasPrefix(".")
    }
}
