// JobProcessor.swift — one job, start to finish: claim → read → validate → issue → render → send → record.
import Foundation

/// Carries one claimed job through the pipeline. Shared by all sending threads; each thread
/// passes its own transport. Never throws: every problem ends in a state and a log line.
public final class JobProcessor: @unchecked Sendable {
    let spool: DirectorySpool
    let tokens: TokenStore
    let config: Config
    let clock: any Clock
    let log: Log
    private let composerBox: ComposerBox
    /// Backoff and give-up for transient failures (from `config.retry`; tests inject randomness).
    public var retry: RetryPolicy
    /// Told about every processed job (the worker's schedule and metrics); set before sending starts.
    public weak var observer: (any JobObserver)?

    public init(spool: DirectorySpool, tokens: TokenStore, composer: MailComposer, config: Config, clock: any Clock, log: Log) {
        self.spool = spool
        self.tokens = tokens
        self.config = config
        self.clock = clock
        self.log = log
        self.composerBox = ComposerBox(composer)
        self.retry = RetryPolicy(config.retry)
    }

    /// Swaps in freshly loaded templates (SIGHUP); messages in flight keep the old ones.
    public func replaceComposer(_ composer: MailComposer) { composerBox.set(composer) }

    /// Claims `new/<id>.json` and processes it; returns the final outcome, or nil if another
    /// worker claimed it first.
    @discardableResult
    public func process(id: String, transport: any Transport) -> DeliveryOutcome? {
        // 1. Claim by rename: at most one worker gets each job.
        do {
            guard try spool.claim(id: id) else { return nil }
        } catch {
            log.event("claim_error", ["job": id, "state": "new", "error": error.description])
            return nil
        }
        // The claim's lock tells other workers this job has a live owner; held until it is recorded.
        defer { spool.release(id: id) }
        let started = clock.now()
        // A reused id must never overwrite the record of the job that has it: quarantine the newcomer.
        if let other = spool.recordedElsewhere(id: id) {
            quarantine(id: id, reason: "job id \(id) is already used by the job in \(other.rawValue)/ (hand it off under a new id)")
            return .failed
        }
        // 2. Read safely and parse; bad files are quarantined, never deleted.
        let object: [String: Any]
        do {
            object = try JobParser.jsonObject(try spool.read(id: id, in: .active))
        } catch let error as JobError {
            quarantine(id: id, reason: error.description)
            return .failed
        } catch let error as SpoolError {
            if case .io = error {
                log.event("read_error", ["job": id, "state": "active", "error": error.description])
                return nil
            }
            quarantine(id: id, reason: error.description)
            return .failed
        } catch {
            return nil
        }
        var record = JobRecord.decode(id: id, object: object, now: started)
        // 3. Validate the job itself; an invalid job fails with its reason.
        let job: Job
        do {
            job = try JobParser.parse(object: record.job)
        } catch {
            return finish(&record, job: nil, outcome: .failed, reason: "invalid job: \(error.description)", result: nil, started: started)
        }
        // A retry whose link or code has expired never reaches the token store: a swept record
        // must not be issued again under the same (old) token.
        if record.seed != nil, let expiresAt = record.expiresAt, started >= expiresAt {
            let reason = RetryPolicy.expiredReason(attempts: record.attempts.count, lastReply: record.attempts.last?.reply)
            return finish(&record, job: job, outcome: .failed, reason: reason, result: nil, started: started)
        }
        // 4. Issue (or re-derive) the link or code, durably recorded before anything is sent.
        let secret: IssuedSecret
        do {
            secret = try issueSecret(&record, job: job, now: started)
        } catch let dead as DeadSecret {
            // A newer mail superseded this one (or the link was used or revoked): never mail a dead secret.
            return finish(&record, job: job, outcome: .failed, reason: "\(dead.status) before delivery", result: nil, started: started)
        } catch {
            return defer_(&record, job: job, reply: "job \(id): cannot issue its secret: \(error)", started: started)
        }
        // The store's expiry is the one the web tier checks (whole seconds, never later than the record's).
        let deadline: Date? = switch secret { case .link(_, let at, _), .code(_, let at, _): at; case .none: nil }
        if let expiresAt = deadline ?? record.expiresAt, clock.now() >= expiresAt {
            let reason = RetryPolicy.expiredReason(attempts: record.attempts.count, lastReply: record.attempts.last?.reply)
            return finish(&record, job: job, outcome: .failed, reason: reason, result: nil, started: started)
        }
        // 5. Render exactly what the user will get.
        let mail: ComposedMail
        do {
            mail = try composerBox.get().compose(job: job, id: id, stamp: Timestamp.iso8601(record.receivedAt) + "#\(record.replays)",
                                                 date: record.messageDate ?? started, secret: secret)
        } catch {
            if error.isTransient { return defer_(&record, job: job, reply: error.description, started: started) }
            return finish(&record, job: job, outcome: .failed, reason: error.description, result: nil, started: started)
        }
        if let fallback = mail.charsetFallback {
            log.event("charset_fallback", ["job": id, "kind": job.kind.rawValue, "detail": fallback, "charset": "UTF-8"])
        }
        // 6. Send and classify.
        var result = transport.send(mail.bytes, envelope: mail.envelope)
        // A relay's content filter may quote the link or code back: never record or log it.
        result.reply = secret.redacting(result.reply)
        // 7. Record the outcome durably in its state directory.
        let reason = result.outcome == .failed ? "\(result.code) \(result.reply)" : nil
        return finish(&record, job: job, outcome: result.outcome, reason: reason, result: result, started: started)
    }

    private func issueSecret(_ record: inout JobRecord, job: Job, now: Date) throws -> IssuedSecret {
        if record.messageDate == nil { record.messageDate = now }
        guard job.kind.carriesSecret else { return .none }
        let purpose = job.kind.rawValue
        let lifetime = config.lifetime(purpose)
        let firstIssue = record.seed == nil
        if firstIssue {
            record.seed = Base64URL.encode(ServerSecret.randomSeed())
            record.issuedAt = now
            record.expiresAt = now.addingTimeInterval(TimeInterval(lifetime))
            try spool.rewrite(id: record.id, in: .active, data: record.encoded(), modified: nil)
        }
        guard let seedText = record.seed, let seed = Base64URL.decode(seedText) else {
            throw TokenError.corruptRecord(path: "spool record \(record.id)", problem: "seed is not base64url")
        }
        switch job.kind {
        case .otpCode:
            let issued = try tokens.issueOTP(loginID: job.loginID, seed: seed, lifetime: TimeInterval(lifetime), jobID: record.id)
            guard issued.status == .active else { throw DeadSecret(status: issued.status.rawValue) }
            try checkSameIssuance(issued.issuedAt, record: record, firstIssue: firstIssue)
            return .code(issued.code, expiresAt: issued.expiresAt, lifetime: lifetime)
        default:
            let linkPurpose: LinkPurpose = job.kind == .passwordReset ? .passwordReset : .emailChange
            var emails = [job.to]
            if case .emailChange(let newEmail) = job.data { emails.append(newEmail) }
            let issued = try tokens.issueLink(purpose: linkPurpose, loginID: job.loginID, emails: emails, seed: seed,
                                              lifetime: TimeInterval(lifetime), jobID: record.id)
            guard issued.status == .active else { throw DeadSecret(status: issued.status.rawValue) }
            try checkSameIssuance(issued.issuedAt, record: record, firstIssue: firstIssue)
            let url = composerBox.get().link(purpose: purpose, token: issued.token)
            return .link(url: url, expiresAt: issued.expiresAt, lifetime: lifetime)
        }
    }

    /// A retry must find the issuance it recorded. If the store issued anew (its record was swept,
    /// or fell out of the OTP history), the old token or code would come back to life: refuse.
    private func checkSameIssuance(_ storeIssuedAt: Date, record: JobRecord, firstIssue: Bool) throws {
        guard !firstIssue, let recorded = record.issuedAt else { return }
        if abs(storeIssuedAt.timeIntervalSince(recorded)) > 1.5 { throw DeadSecret(status: "forgotten by the token store") }
    }

    private func defer_(_ record: inout JobRecord, job: Job, reply: String, started: Date) -> DeliveryOutcome {
        finish(&record, job: job, outcome: .deferred, reason: nil,
               result: DeliveryResult(outcome: .deferred, code: 0, reply: reply, phase: .connect), started: started, reachedTransport: false)
    }

    /// Appends the attempt, moves the job to its state (a transient one is deferred with backoff,
    /// or gives up), revokes a dead job's secret; once the record is durable, logs one line and
    /// reports to the observer.
    private func finish(_ record: inout JobRecord, job: Job?, outcome: DeliveryOutcome, reason: String?, result: DeliveryResult?, started: Date,
                        reachedTransport: Bool = true) -> DeliveryOutcome {
        let now = clock.now()
        let duration = Int(now.timeIntervalSince(started) * 1000)
        if let result {
            record.attempts.append(Attempt(at: started, outcome: result.outcome.rawValue, code: result.code, reply: Sanitize.line(result.reply, limit: 400),
                                           phase: result.phase.rawValue, durationMilliseconds: duration, possibleDuplicate: result.possibleDuplicate))
        }
        var outcome = outcome, reason = reason
        if outcome == .deferred {
            let lastReply = Sanitize.line(result?.reply ?? "", limit: 200)
            switch retry.decide(attempts: record.attempts.count, now: now, received: record.requeuedAt ?? record.receivedAt, expires: record.expiresAt, lastReply: lastReply) {
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
        // Blocks until the record is durable (grouped with other threads' records) or given up.
        guard persist(record, job: job, to: destination, reason: reason) else { return outcome }
        // Only now, with the record durable in its new state: the job's line and its report.
        var fields = logFields(record, job: job, state: destination)
        fields["duration_ms"] = duration
        fields["reason"] = reason
        fields["next_attempt_at"] = record.nextAttemptAt.map { Timestamp.iso8601($0) }
        if let result {
            fields["code"] = result.code
            fields["reply"] = Sanitize.line(result.reply, limit: 200)
            fields["phase"] = result.phase.rawValue
            fields["possible_duplicate"] = result.possibleDuplicate
        }
        log.event(outcome == .sent ? "delivered" : outcome.rawValue, fields)
        if result?.possibleDuplicate == true { log.event("possible_duplicate", fields) }
        observer?.recorded(JobReport(id: record.id, kind: job?.kind.rawValue ?? "unknown", state: destination, nextAttemptAt: record.nextAttemptAt,
                                     attemptSeconds: result != nil && reachedTransport ? now.timeIntervalSince(started) : nil,
                                     possibleDuplicate: result?.possibleDuplicate ?? false))
        return outcome
    }

    /// Writes the record (and a failed job's `.reason`) into its state directory, made durable
    /// in one group with the records other sending threads finish meanwhile; true once it is. A
    /// failed write (full disk, unwritable directory) is retried with backoff while the observer
    /// allows; until then the job stays in `active/`, claimed, so nothing is lost and nothing is
    /// sent twice. False when it gave up: the job stays in `active/` for recovery.
    private func persist(_ record: JobRecord, job: Job?, to destination: SpoolState, reason: String?) -> Bool {
        var delay: TimeInterval = 1
        var attempt = 1
        let data = record.encoded()
        while true {
            do {
                try spool.moveGroupedAndWait(id: record.id, from: .active, to: destination, data: data, modified: record.nextAttemptAt,
                                             reason: destination == .failed ? reason ?? "failed" : nil)
                if attempt > 1 { log.event("record_recovered", logFields(record, job: job, state: destination)) }
                return true
            } catch {
                var fields = logFields(record, job: job, state: destination)
                fields["error"] = error.description
                let retrying = observer != nil
                fields["retry_in_seconds"] = retrying ? Int(delay) : nil
                log.event("record_error", fields)
                // Without a worker to wait for, the job stays in active/ and is recovered later.
                guard let observer, observer.shouldRetryWrite(attempt: attempt, after: delay) else { return false }
                delay = min(delay * 2, 60)
                attempt += 1
            }
        }
    }

    /// The fields every job event carries: job, kind, state, attempt.
    private func logFields(_ record: JobRecord, job: Job?, state: SpoolState) -> [String: (any Sendable)?] {
        ["job": record.id, "kind": job?.kind.rawValue ?? "unknown", "state": state.rawValue, "attempt": record.attempts.count]
    }

    private func revokeSecret(_ record: JobRecord, job: Job) {
        guard job.kind.carriesSecret, let seedText = record.seed, let seed = Base64URL.decode(seedText) else { return }
        if job.kind == .otpCode {
            _ = try? tokens.revokeOTP(loginID: job.loginID, seed: seed)
            return
        }
        try? tokens.revoke(seed: seed, purpose: job.kind == .passwordReset ? .passwordReset : .emailChange)
    }

    private func quarantine(id: String, reason: String) {
        do {
            try spool.quarantine(name: "\(id).json", from: .active, reason: reason)
        } catch {
            // It stays in active/ (claimed by nobody once released) and is recovered, then tried again.
            log.event("quarantine_error", ["job": id, "kind": "unknown", "state": "active", "attempt": 0, "error": error.description])
            return
        }
        log.event("quarantined", ["job": id, "kind": "unknown", "state": "corrupt", "attempt": 0, "reason": reason])
        observer?.recorded(JobReport(id: id, kind: "unknown", state: .corrupt))
    }
}

/// The job's link or code is no longer active (superseded, used, revoked or expired).
struct DeadSecret: Error {
    let status: String
}

/// The current composer, swappable on SIGHUP.
final class ComposerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var composer: MailComposer
    init(_ composer: MailComposer) { self.composer = composer }
    func get() -> MailComposer { lock.lock(); defer { lock.unlock() }; return composer }
    func set(_ composer: MailComposer) { lock.lock(); self.composer = composer; lock.unlock() }
}
