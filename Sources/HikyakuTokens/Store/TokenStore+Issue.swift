// TokenStore+Issue.swift — issuing a link: derive from the seed, supersede the previous one, record.
import Foundation

extension TokenStore {
    /// Issues (or, for a seed already used, re-derives) the link token for `seed`.
    ///
    /// The token is `secret.linkToken(seed:)`; only its digest is stored, with `loginID`,
    /// `emails` (the addresses it is valid for), the times and `jobID`. Idempotent: when the
    /// record for this seed exists it is returned unchanged, whatever its status — check
    /// `status` before mailing. A new token marks the login's previous active token of the same
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
        let path = state.tokenPath(digest: digest)
        let pointer = state.currentPath(purpose: purpose, loginID: loginID)

        return try state.withLock(exclusive: true) { () throws(TokenError) -> IssuedLink in
            // A retry: the record is the truth (after mending a pointer a crash may have left behind).
            if var existing = try state.read(TokenRecord.self, at: path) {
                try mendPointer(pointer, toward: digest, record: &existing, path: path)
                return IssuedLink(
                    token: token, issuedAt: existing.issuedAt,
                    expiresAt: existing.expiresAt, status: existing.status)
            }
            let now = now()
            // 1. Supersede the previous token first: a crash after this step leaves no second active token.
            try supersedeCurrent(pointer, at: now)
            // 2. Record the new token.
            let record = TokenRecord(
                purpose: purpose, loginID: loginID, emails: addresses, issuedAt: now,
                expiresAt: now.addingTimeInterval(seconds), status: .active, jobID: jobID)
            try state.write(record, at: path)
            // 3. Point `current` at it.
            try state.writePointer(digest, at: pointer)
            return IssuedLink(token: token, issuedAt: record.issuedAt, expiresAt: record.expiresAt, status: .active)
        }
    }

    /// Marks the token `pointer` names as superseded, if it is still active.
    private func supersedeCurrent(_ pointer: String, at now: Date) throws(TokenError) {
        guard let previous = try state.readPointer(at: pointer) else { return }
        let previousPath = state.tokenPath(digest: previous)
        guard var record = try state.read(TokenRecord.self, at: previousPath) else { return }
        if record.close(as: .superseded, at: now) {
            try state.write(record, at: previousPath)
        }
    }

    /// Repairs the effects of a crash between steps 2 and 3 of an earlier issue: an active record
    /// that `current` does not name. The newer of it and the pointed-to active token survives.
    private func mendPointer(
        _ pointer: String, toward digest: String, record: inout TokenRecord,
        path: String
    ) throws(TokenError) {
        guard record.status == .active else { return }
        let named = try state.readPointer(at: pointer)
        guard named != digest else { return }
        if let named, var other = try state.read(TokenRecord.self, at: state.tokenPath(digest: named)),
            other.status == .active
        {
            if other.issuedAt >= record.issuedAt {
                // Someone issued a newer token meanwhile: this one is the stale one.
                _ = record.close(as: .superseded, at: now())
                try state.write(record, at: path)
                return
            }
            _ = other.close(as: .superseded, at: now())
            try state.write(other, at: state.tokenPath(digest: named))
        }
        try state.writePointer(digest, at: pointer)
    }
}
