// InboundActions.swift — what a classified bounce, delay, complaint or auto-reply does to its job, the list and the web tier.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool

/// The worker's `InboundEffects`: ties a returned message to its job and acts once per message.
///
/// - The job is the one the return-path tag names (verified: bound to the job and the recipient
///   under the server secret), else the one the returned Message-ID names (unverified).
/// - Verified hard bounce: the address is suppressed (`SuppressionList`), the job's link or code
///   revoked, its record (with the note) moved from `sent/` to `bounced/`, and an event `bounced`.
/// - Verified final soft failure: counted by the list (repeats suppress briefly), noted on the
///   job, event `soft_bounced`. Delayed: noted, event `delayed`, nothing else.
/// - Verified complaint: the address is suppressed for notices only, noted, event `complained`.
/// - Auto-reply, and anything unverified: noted on the job only; never suppresses, no event.
///
/// Idempotent per job and verdict: a job that already carries a note of the same kind, verdict
/// and trust (from this message or a copy of it) is left as it is, and the list counts a job once
/// per source (which also covers a crash between its write and the record's). An event may repeat
/// after a crash (at least once), never go missing.
package struct InboundActions: InboundEffects {
    let spool: DirectorySpool
    let suppression: SuppressionList
    let tokens: TokenStore
    let catalogue: @Sendable () -> MailCatalogue
    let clock: any Clock
    let log: Log

    package init(
        spool: DirectorySpool, suppression: SuppressionList, tokens: TokenStore, catalogue: @escaping @Sendable () -> MailCatalogue,
        clock: any Clock, log: Log
    ) {
        self.spool = spool
        self.suppression = suppression
        self.tokens = tokens
        self.catalogue = catalogue
        self.clock = clock
        self.log = log
    }

    package func apply(_ report: InboundReport, message: InboundName) throws {
        let verified = report.tag.valid
        guard let id = (verified ? report.tag.jobID : nil) ?? report.originalJob, report.kind != .other else {
            log.event("inbound_unmatched", ["message": message.stem, "kind": report.kind.rawValue, "tag": report.tag.present])
            return
        }
        try spool.withOperatorLock { try act(report, message: message, id: id, verified: verified) }
    }

    /// Everything for job `id`, under the operator lock (no purge or replay moves it meanwhile).
    private func act(_ report: InboundReport, message: InboundName, id: String, verified: Bool) throws {
        guard let state = spool.locate(id: id), [.sent, .bounced, .failed].contains(state) else {
            log.event("inbound_job_gone", ["message": message.stem, "job": id, "kind": report.kind.rawValue])
            return
        }
        let now = clock.now()
        let object = try JobParser.jsonObject(try spool.read(id: id, in: state))
        var record = JobRecord.decode(id: id, object: object, now: now)
        let job = try? JobParser.parse(object: record.job, catalogue: catalogue())
        let note = Self.note(report, job: job, verified: verified, message: message.stem, at: now)
        if let job, verified { try suppress(note, job: job, id: id, at: now) }
        // One effect per job and verdict: a second copy of the same bounce (an MTA retrying its
        // delivery, the pipe and the maildir both) is the same news.
        guard !record.inbound.contains(where: { $0.message == note.message || note.repeats($0) }) else {
            log.event("inbound_repeated", ["message": message.stem, "job": id, "kind": note.kind])
            return
        }
        if note.isHardBounce, let job { revoke(record, job: job) }
        if verified, let name = Self.eventState(note) {
            let reason = [note.status, note.reason, Self.diagnostic(report, job: job)].compactMap { $0 }.joined(separator: " ")
            try spool.writeEvent(id: id, data: JobEvent.bytes(record, job: job, state: name, reason: reason, at: now))
        }
        record.inbound.append(note)
        let modified = spool.modified(id: id, in: state)
        if note.isHardBounce && state == .sent {
            try spool.move(id: id, from: .sent, to: .bounced, data: record.encoded(), modified: modified)
        } else {
            try spool.rewrite(id: id, in: state, data: record.encoded(), modified: modified)
        }
        log.event(
            "inbound_applied",
            ["message": message.stem, "job": id, "kind": note.kind, "hard": note.hard, "reason": note.reason, "verified": verified])
    }

    /// What the list learns: a hard bounce, a final soft failure or a complaint for the job's address.
    private func suppress(_ note: InboundNote, job: Job, id: String, at now: Date) throws {
        let event: SuppressionEvent
        switch note.kind {
        case "bounce" where note.hard: event = .hardBounce(address: job.to, reason: note.reason, status: note.status, job: id, at: now)
        case "bounce": event = .softBounce(address: job.to, reason: note.reason, status: note.status, job: id, at: now)
        case "complaint": event = .complaint(address: job.to, job: id, at: now)
        default: return
        }
        if case .held(let domain) = try suppression.record(event) {
            log.event("suppression_held", ["job": id, "domain": domain, "reason": "many hard bounces for one domain at once"])
        }
    }

    /// The job's link or code revoked: a bounced mail's secret reaches nobody, and nobody else may use it.
    private func revoke(_ record: JobRecord, job: Job) {
        guard let seed = record.derivationSeed(job: job, tokens: tokens) else { return }
        do {
            switch job.kind.tokenSecret {
            case .none: return
            case .code: _ = try tokens.revokeOTP(loginID: job.loginID, seed: seed)
            case .link(let purpose, _): _ = try tokens.revoke(seed: seed, purpose: purpose)
            }
        } catch {
            log.event("revoke_error", ["job": record.id, "error": error.description])
        }
    }
}
