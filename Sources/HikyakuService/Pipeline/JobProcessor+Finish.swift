// JobProcessor+Finish.swift — a job's outcome recorded durably in its state, then logged and reported.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuDelivery

extension JobProcessor {
    /// Defers a job that never reached the transport (its secret or mail could not be made).
    func defer_(_ record: JobRecord, job: Job, reply: String, started: Date, done: @escaping @Sendable (DeliveryOutcome?) -> Void) {
        finish(
            record, job: job, outcome: .deferred, reason: nil,
            result: DeliveryResult(outcome: .deferred, code: 0, reply: reply, phase: .connect), started: started, reachedTransport: false,
            done: done)
    }

    /// Appends the attempt, moves the job to its state (a transient one is deferred with backoff,
    /// or gives up), revokes a dead job's secret, and queues the record for the group commit.
    /// Once the record is durable: one log line, the observer's report, then `done`. Returns at once.
    func finish(
        _ record: JobRecord, job: Job?, outcome: DeliveryOutcome, reason: String?, result: DeliveryResult?, started: Date,
        reachedTransport: Bool = true, done: @escaping @Sendable (DeliveryOutcome?) -> Void
    ) {
        var record = record
        let now = clock.now()
        let duration = Int(now.timeIntervalSince(started) * 1000)
        if let result {
            record.attempts.append(
                Attempt(
                    at: started, outcome: AttemptOutcome(result.outcome), code: result.code, reply: Sanitize.line(result.reply, limit: 400),
                    phase: result.phase.rawValue, durationMilliseconds: duration, possibleDuplicate: result.possibleDuplicate))
        }
        var outcome = outcome, reason = reason
        if outcome == .deferred {
            let lastReply = Sanitize.line(result?.reply ?? "", limit: 200)
            switch retry.decide(
                attempts: record.attempts.count, now: now, received: record.requeuedAt ?? record.receivedAt, expires: record.expiresAt,
                lastReply: lastReply)
            {
            case .retry(let at): record.nextAttemptAt = at
            case .giveUp(let why): (outcome, reason) = (.failed, why)
            }
        }
        let destination: SpoolState
        switch outcome {
        case .sent:
            destination = .sent
            record.nextAttemptAt = nil
        case .deferred:
            destination = .deferred
        case .failed:
            destination = .failed
            // No retry is planned: the file's mtime becomes the failure time (`status`, `purge`).
            record.nextAttemptAt = nil
            record.failureReason = reason
            if let job { revokeSecret(record, job: job) }
        }
        let finished = record, final = outcome, why = reason
        persist(finished, job: job, to: destination, reason: reason, attempt: 1, delay: 1) { [self] durable in
            guard durable else { return done(final) }
            // Only now, with the record durable in its new state: the job's line and its report.
            var fields = logFields(finished, job: job, state: destination)
            fields["duration_ms"] = duration
            fields["reason"] = why
            fields["next_attempt_at"] = finished.nextAttemptAt.map { Timestamp.iso8601($0) }
            if let result {
                fields["code"] = result.code
                fields["reply"] = Sanitize.line(result.reply, limit: 200)
                fields["phase"] = result.phase.rawValue
                fields["possible_duplicate"] = result.possibleDuplicate
            }
            log.event(final == .sent ? "delivered" : final.rawValue, fields)
            if result?.possibleDuplicate == true { log.event("possible_duplicate", fields) }
            observer?.recorded(
                JobReport(
                    id: finished.id, kind: job?.kind.name ?? "unknown", state: destination, nextAttemptAt: finished.nextAttemptAt,
                    attemptSeconds: result != nil && reachedTransport ? now.timeIntervalSince(started) : nil,
                    possibleDuplicate: result?.possibleDuplicate ?? false,
                    rateLimited: final == .failed && (why?.hasPrefix(RateLimiter.reasonPrefix) ?? false),
                    superseded: final == .failed && (why?.hasPrefix("superseded") ?? false),
                    suppressed: final == .failed && (why?.hasPrefix(SuppressionList.reasonPrefix) ?? false)))
            done(final)
        }
    }

    /// Writes the record (and a failed job's `.reason`, and for `sent`/`failed` an event in
    /// `events/`) into its state directory, made durable in one group with other jobs' records; `then(true)` once it is. A failed write (full
    /// disk, unwritable directory) is retried with backoff, on a thread of its own, while the
    /// observer allows; until then the job stays in `active/`, claimed, so nothing is lost and
    /// nothing is sent twice. `then(false)` when it gave up: the job stays in `active/` for recovery.
    private func persist(
        _ record: JobRecord, job: Job?, to destination: SpoolState, reason: String?, attempt: Int, delay: TimeInterval,
        then: @escaping @Sendable (Bool) -> Void
    ) {
        spool.moveGrouped(
            id: record.id, from: .active, to: destination, data: record.encoded(), modified: record.nextAttemptAt,
            reason: destination == .failed ? reason ?? "failed" : nil,
            event: destination == .sent || destination == .failed
                ? JobEvent.bytes(
                    record, job: job, state: destination, reason: destination == .failed ? reason ?? "failed" : nil, at: clock.now())
                : nil
        ) { [self] error in
            guard let error else {
                if attempt > 1 { log.event("record_recovered", logFields(record, job: job, state: destination)) }
                return then(true)
            }
            var fields = logFields(record, job: job, state: destination)
            fields["error"] = error.description
            let observer = self.observer
            fields["retry_in_seconds"] = observer != nil ? Int(delay) : nil
            log.event("record_error", fields)
            // Without a worker to wait for, the job stays in active/ and is recovered later.
            guard let observer else { return then(false) }
            Thread.detachNewThread { [self] in
                guard observer.shouldRetryWrite(attempt: attempt, after: delay) else { return then(false) }
                persist(record, job: job, to: destination, reason: reason, attempt: attempt + 1, delay: min(delay * 2, 60), then: then)
            }
        }
    }

    /// The fields every job event carries: job, kind, state, attempt.
    func logFields(_ record: JobRecord, job: Job?, state: SpoolState) -> [String: (any Sendable)?] {
        ["job": record.id, "kind": job?.kind.name ?? "unknown", "state": state.rawValue, "attempt": record.attempts.count]
    }

    private func revokeSecret(_ record: JobRecord, job: Job) {
        // Only a sealed seed names a link this job was issued: an untrusted one revokes nothing.
        guard job.kind.carriesSecret, let seed = record.derivationSeed(job: job, tokens: tokens) else { return }
        switch job.kind.tokenSecret {
        case .none: return
        case .code: _ = try? tokens.revokeOTP(loginID: job.loginID, seed: seed)
        case .link(let purpose, _): _ = try? tokens.revoke(seed: seed, purpose: purpose)
        }
    }

    /// Moves a claimed entry unchanged to `corrupt/` (or `failed/`: a JSON object refused as a
    /// job before it could become a record) with its reason, then reports it.
    func quarantine(id: String, reason: String, into state: SpoolState = .corrupt, done: @Sendable (DeliveryOutcome?) -> Void) {
        do {
            try spool.quarantine(name: "\(id).json", from: .active, reason: reason, into: state)
        } catch {
            // It stays in active/ (claimed by nobody once released) and is recovered, then tried again.
            log.event("quarantine_error", ["job": id, "kind": "unknown", "state": "active", "attempt": 0, "error": error.description])
            return done(.failed)
        }
        log.event(
            state == .corrupt ? "quarantined" : "failed",
            ["job": id, "kind": "unknown", "state": state.rawValue, "attempt": 0, "reason": reason])
        observer?.recorded(JobReport(id: id, kind: "unknown", state: state))
        done(.failed)
    }
}
