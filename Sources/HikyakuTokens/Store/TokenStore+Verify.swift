// TokenStore+Verify.swift — peek and consume: find a token's record by digest and judge it.
import Foundation

extension TokenStore {
    /// Longest token text worth hashing; anything longer is `unknown` at once.
    static let maximumTokenLength = 256

    /// Judges `token` for `loginID` and `email` without changing anything (shared lock).
    ///
    /// The verdict is `valid` when the token exists, `loginID` is the login it was issued for,
    /// `email` is one of its addresses (compared case-insensitively), it is still active and
    /// `now < expires_at`, and — when `purpose` is given — it was issued for that purpose (a
    /// web tier's reset form passes `.passwordReset`, so an address-change link is refused there
    /// as `mismatch`). Malformed tokens are `unknown`, not errors. Throws only `io` or
    /// `corruptRecord`.
    public func peek(token: String, loginID: String, email: String, purpose: LinkPurpose? = nil) throws(TokenError) -> TokenVerdict {
        try storage.withLock(exclusive: false) { () throws(TokenError) -> TokenVerdict in
            guard let found = try lookup(token) else { return .unknown }
            return judge(found.record, loginID: loginID, email: email, purpose: purpose, now: clock.now())
        }
    }

    /// Judges `token` alone, for the GET of a link, which knows nothing but the token: whether to
    /// show the form (`valid`, or why not: `expired`, `used`, `superseded`, `revoked`,
    /// `unknown`), its purpose and expiry — never whom it belongs to (no login id), and nothing
    /// changes. With `purpose`, a token of another purpose is `mismatch`. Consuming still needs
    /// the login and address the user types. Throws only `io` or `corruptRecord`.
    public func peek(token: String, purpose: LinkPurpose? = nil) throws(TokenError) -> TokenVerdict {
        try storage.withLock(exclusive: false) { () throws(TokenError) -> TokenVerdict in
            guard let found = try lookup(token) else { return .unknown }
            guard purpose == nil || purpose == found.record.purpose else {
                return TokenVerdict(valid: false, reason: .mismatch, purpose: found.record.purpose, loginID: nil, expiresAt: nil)
            }
            let judged = judge(found.record, loginID: found.record.loginID, email: found.record.emails.first ?? "", now: clock.now())
            return TokenVerdict(
                valid: judged.valid, reason: judged.reason, purpose: judged.purpose, loginID: nil, expiresAt: judged.expiresAt)
        }
    }

    /// Judges `token` like `peek` and, if valid, marks it `used` in the same exclusive section,
    /// so of any number of concurrent consumers — threads or processes — exactly one gets
    /// `valid`. A refused token (including `mismatch`) is left as it was.
    public func consume(token: String, loginID: String, email: String, purpose: LinkPurpose? = nil) throws(TokenError) -> TokenVerdict {
        try storage.withLock(exclusive: true) { () throws(TokenError) -> TokenVerdict in
            guard var found = try lookup(token) else { return .unknown }
            let verdict = judge(found.record, loginID: loginID, email: email, purpose: purpose, now: clock.now())
            if verdict.valid {
                _ = found.record.close(as: .used, at: now())
                try storage.writeTokenRecord(found.record, digest: found.digest)
            }
            return verdict
        }
    }

    /// Finds the record for `token`. Every purpose's HMAC is computed and every candidate file
    /// is opened, whatever the token, and a miss decodes a decoy record, so a known token costs
    /// about the same as an unknown one (measured by `scripts/token-timing`).
    func lookup(_ token: String) throws(TokenError) -> (record: TokenRecord, digest: String)? {
        let found = try find(token)
        if found == nil {
            // The decoding a hit would do (JSON and dates are most of its cost); the result is dropped.
            _ = try? TokenJSON.decodeRecord(TokenRecord.self, from: Self.decoy, path: "decoy")
        }
        return found
    }

    /// A record shaped like a real one, decoded on a miss.
    private static let decoy =
        Array(
            #"{"digest":"0000000000000000000000000000000000000000000000000000000000000000","emails":["decoy@example.invalid"],"expires_at":"2000-01-01T01:00:00Z","issued_at":"2000-01-01T00:00:00Z","job_id":"decoy","login_id":"decoy","purpose":"password_reset","status":"active","version":1}"#
                .utf8) + [0x0a]

    /// The record for `token`, if any (see `lookup`).
    private func find(_ token: String) throws(TokenError) -> (record: TokenRecord, digest: String)? {
        guard token.utf8.count <= Self.maximumTokenLength else { return nil }
        let wellFormed = Base64URL.decode(token)?.count == SHA256.digestByteCount
        var found: (record: TokenRecord, digest: String)?
        for purpose in LinkPurpose.allCases {
            let digest = secret.digestHex(purpose: purpose.rawValue, of: token)
            guard let record = try storage.tokenRecord(digest: digest) else { continue }
            guard record.purpose == purpose else {
                throw .corruptRecord(
                    path: storage.tokenRecordLocation(digest: digest), problem: "purpose \(record.purpose.rawValue) does not match its key")
            }
            if wellFormed { found = (record, digest) }
        }
        return found
    }

    /// Applies the checks in order: mismatch → revoked / superseded / used → expired.
    func judge(_ record: TokenRecord, loginID: String, email: String, purpose: LinkPurpose? = nil, now: Date) -> TokenVerdict {
        guard loginID == record.loginID, record.isBound(to: email), purpose == nil || purpose == record.purpose else {
            // Tell a token holder nothing about whom the token belongs to.
            return TokenVerdict(valid: false, reason: .mismatch, purpose: record.purpose, loginID: nil, expiresAt: nil)
        }
        let reason: TokenVerdict.Reason?
        switch record.status {
        case .revoked: reason = .revoked
        case .superseded: reason = .superseded
        case .used: reason = .used
        case .active: reason = now < record.expiresAt ? nil : .expired
        }
        return TokenVerdict(
            valid: reason == nil, reason: reason, purpose: record.purpose,
            loginID: record.loginID, expiresAt: record.expiresAt)
    }
}
