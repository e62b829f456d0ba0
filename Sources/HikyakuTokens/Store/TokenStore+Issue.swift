// TokenStore+Issue.swift — issuing a link: derive from the seed, supersede the previous one, record.
import Foundation

extension TokenStore {
    /// Issues (or, for a seed already used, re-derives) the link token for `seed`.
    ///
    /// The token is `secret.linkToken(seed:)`; only its digest is stored, with `loginID`,
    /// `emails` (the addresses it is valid for), the times and `jobID`. Idempotent: when the
    /// record for this seed exists it is returned unchanged, whatever its status — check
    /// `status` before mailing. So is a swept record's tombstone: a token sweep forgot is never
    /// recorded again (its last status and times come back; nothing verifies it). A new token
    /// marks the login's previous active token of the same
    /// purpose `superseded`. Throws `badSeed`, `badInput` (empty login, no address, lifetime
    /// under 1 s) or `io` / `corruptRecord`; on a throw nothing half-done is visible to readers.
    public func issueLink(
        purpose: LinkPurpose, loginID: String, emails: [String], seed: [UInt8],
        lifetime: TimeInterval, jobID: String
    ) throws(TokenError) -> IssuedLink {
        try check(seed: seed)
        let seconds = try check(loginID: loginID, lifetime: lifetime)
        let addresses = emails.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !addresses.isEmpty, !addresses.contains(where: \.isEmpty) else {
            throw .badInput(field: "emails", problem: "need at least one non-empty address")
        }
        let token = secret.linkToken(seed: seed)
        let digest = secret.digestHex(purpose: purpose.rawValue, of: token)
        let pointer = (purpose: purpose, loginID: loginID)

        return try storage.withLock(exclusive: true) { () throws(TokenError) -> IssuedLink in
            // A retry: the record is the truth (after mending a pointer a crash may have left behind).
            if var existing = try storage.tokenRecord(digest: digest) {
                try mendPointer(pointer, toward: digest, record: &existing)
                return IssuedLink(
                    token: token, issuedAt: existing.issuedAt,
                    expiresAt: existing.expiresAt, status: existing.status)
            }
            // A retry after a sweep: never bring the swept token back to life.
            if let ended = try storage.tombstone(digest: digest) {
                return IssuedLink(token: token, issuedAt: ended.issuedAt, expiresAt: ended.expiresAt, status: ended.status)
            }
            let now = now()
            // 1. Supersede the previous token first: a crash after this step leaves no second active token.
            try supersedeCurrent(pointer, at: now)
            // 2. Record the new token.
            let record = TokenRecord(
                purpose: purpose, loginID: loginID, emails: addresses, issuedAt: now,
                expiresAt: now.addingTimeInterval(seconds), status: .active, jobID: jobID)
            try storage.writeTokenRecord(record, digest: digest)
            // 3. Point `current` at it.
            try storage.setCurrentDigest(digest, purpose: purpose, loginID: loginID)
            return IssuedLink(token: token, issuedAt: record.issuedAt, expiresAt: record.expiresAt, status: .active)
        }
    }

    /// The `current` pointer of a login and purpose.
    private typealias Pointer = (purpose: LinkPurpose, loginID: String)

    /// Marks the token `pointer` names as superseded, if it is still active.
    private func supersedeCurrent(_ pointer: Pointer, at now: Date) throws(TokenError) {
        guard let previous = try storage.currentDigest(purpose: pointer.purpose, loginID: pointer.loginID) else { return }
        guard var record = try storage.tokenRecord(digest: previous) else { return }
        if record.close(as: .superseded, at: now) {
            try storage.writeTokenRecord(record, digest: previous)
        }
    }

    /// Repairs the effects of a crash between steps 2 and 3 of an earlier issue: an active record
    /// that `current` does not name. The newer of it and the pointed-to active token survives.
    private func mendPointer(_ pointer: Pointer, toward digest: String, record: inout TokenRecord) throws(TokenError) {
        guard record.status == .active else { return }
        let named = try storage.currentDigest(purpose: pointer.purpose, loginID: pointer.loginID)
        guard named != digest else { return }
        if let named, var other = try storage.tokenRecord(digest: named), other.status == .active {
            if other.issuedAt >= record.issuedAt {
                // Someone issued a newer token meanwhile: this one is the stale one.
                _ = record.close(as: .superseded, at: now())
                try storage.writeTokenRecord(record, digest: digest)
                return
            }
            _ = other.close(as: .superseded, at: now())
            try storage.writeTokenRecord(other, digest: named)
        }
        try storage.setCurrentDigest(digest, purpose: pointer.purpose, loginID: pointer.loginID)
    }
}
