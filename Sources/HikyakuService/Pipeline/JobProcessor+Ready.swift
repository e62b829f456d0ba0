// JobProcessor+Ready.swift — a prepared job's secret checked against the store's answer, then its mail rendered.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuDelivery

extension JobProcessor {
    /// The job's secret checked and its mail rendered; nil when the job ended here (recorded).
    func ready(_ entry: inout Admitted, issued: Result<Issuance, any Error>?) -> PreparedJob? {
        let id = entry.record.id, job = entry.job, started = entry.started
        let secret: IssuedSecret
        do {
            secret = try self.secret(issued, entry: entry)
        } catch let dead as DeadSecret {
            // A newer mail superseded this one (or the link was used or revoked): never mail a dead secret.
            finish(
                entry.record, job: job, outcome: .failed, reason: dead.reason, result: nil, started: started,
                done: entry.done)
            return nil
        } catch {
            // The store never recorded this first issue (or not durably): keeping its seed would
            // make the retry's fresh record look like a forgotten one. The retry issues afresh.
            var record = entry.record
            if entry.firstIssue { record.forgetSeed() }
            defer_(record, job: job, reply: "job \(id): cannot issue its secret: \(error)", started: started, done: entry.done)
            return nil
        }
        // The store's expiry is the one the web tier checks (whole seconds, never later than the record's).
        let deadline: Date? =
            switch secret {
            case .link(_, let at, _), .code(_, let at, _): at;
            case .none: nil
            }
        // A first issue's record keeps the store's times: a retry checks them (`checkSameIssuance`),
        // and a re-derived seed's issue may be older than this attempt (a crash came between).
        if entry.firstIssue, case .success(let issuance)? = issued {
            entry.record.issuedAt = issuance.issuedAt
            entry.record.expiresAt = issuance.expiresAt
        }
        if let expiresAt = deadline ?? entry.record.expiresAt, clock.now() >= expiresAt {
            let reason = RetryPolicy.expiredReason(attempts: entry.record.attempts.count, lastReply: entry.record.attempts.last?.reply)
            finish(entry.record, job: job, outcome: .failed, reason: reason, result: nil, started: started, done: entry.done)
            return nil
        }
        // Render exactly what the user will get.
        let mail: ComposedMail
        do {
            mail = try composerBox.get().compose(
                job: job, id: id, stamp: Timestamp.iso8601(entry.record.receivedAt) + "#\(entry.record.replays)",
                date: entry.record.messageDate ?? started, secret: secret)
        } catch {
            if error.isTransient {
                defer_(entry.record, job: job, reply: error.description, started: started, done: entry.done)
            } else {
                finish(entry.record, job: job, outcome: .failed, reason: error.description, result: nil, started: started, done: entry.done)
            }
            return nil
        }
        if let fallback = mail.charsetFallback {
            log.event("charset_fallback", ["job": id, "kind": job.kind.name, "detail": fallback, "charset": "UTF-8"])
        }
        return PreparedJob(record: entry.record, job: job, mail: mail, secret: secret, started: started, done: entry.done)
    }

    /// The issued link or code as the mail carries it; throws `DeadSecret` for one no longer active.
    private func secret(_ issued: Result<Issuance, any Error>?, entry: Admitted) throws -> IssuedSecret {
        guard let issued else { return .none }
        let lifetime = config.lifetime(for: entry.job.kind)
        switch try issued.get() {
        case .code(let code):
            // A locked login is issued nothing: no mail until an administrator unlocks it.
            if code.isLocked { throw DeadSecret.locked }
            guard code.status == .active else { throw DeadSecret(status: code.status.rawValue) }
            try checkSameIssuance(code.issuedAt, entry: entry)
            return .code(code.code, expiresAt: code.expiresAt, lifetime: lifetime)
        case .link(let link):
            guard link.status == .active else { throw DeadSecret(status: link.status.rawValue) }
            try checkSameIssuance(link.issuedAt, entry: entry)
            return .link(
                url: composerBox.get().link(for: entry.job.kind, token: link.token), expiresAt: link.expiresAt,
                lifetime: lifetime)
        }
    }

    /// A retry must find the issuance it recorded. If the store issued anew (its record was swept,
    /// or fell out of the OTP history), the old token or code would come back to life: refuse.
    /// A job never attempted has mailed nothing, so a fresh issuance is the one to send (a
    /// crash between writing its seed and the store's commit leaves exactly that); tombstones
    /// keep a used, revoked or superseded token from being issued again either way.
    private func checkSameIssuance(_ storeIssuedAt: Date, entry: Admitted) throws {
        guard !entry.firstIssue, !entry.record.attempts.isEmpty, let recorded = entry.record.issuedAt else { return }
        if abs(storeIssuedAt.timeIntervalSince(recorded)) > 1.5 { throw DeadSecret(status: "forgotten by the token store") }
    }
}
