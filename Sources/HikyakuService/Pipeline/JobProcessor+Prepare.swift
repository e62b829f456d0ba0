// JobProcessor+Prepare.swift — a batch of jobs claimed, read, validated, their secrets issued in one sync, mails rendered.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuDelivery

extension JobProcessor {
    /// A claimed, readable, valid job on its way through `prepare`.
    struct Admitted: Sendable {
        var record: JobRecord
        let job: Job
        let started: Date
        /// The job had no trusted (sealed) seed: this attempt issues its link or code from a fresh one.
        let firstIssue: Bool
        let done: @Sendable (DeliveryOutcome?) -> Void
    }

    /// Claims each of `ids` and readies it to send. Jobs that end here (claimed elsewhere,
    /// unreadable, invalid, expired, superseded, a storage error) are recorded and reported
    /// through `onDone`; the rest are returned. For the batch, the first-issue seeds are
    /// rewritten in `active/` with one sync while the token store's writes are made durable in
    /// one batch, both before any mail of the batch exists.
    package func prepare(ids: [String], onDone: @escaping @Sendable (String, DeliveryOutcome?) -> Void) -> [PreparedJob] {
        var admitted = ids.compactMap { admit(id: $0, onDone: onDone) }
        // 1. Seeds of first issues, durable in active/ (one sync for the batch) before any send;
        // 2. meanwhile the links and codes, under one lock and one sync of the token store.
        var rewrites: [(id: String, data: Data)] = []
        for index in admitted.indices {
            if admitted[index].record.messageDate == nil { admitted[index].record.messageDate = admitted[index].started }
            guard admitted[index].firstIssue else { continue }
            let lifetime = config.lifetime(for: admitted[index].job.kind)
            admitted[index].record.seal(ServerSecret.randomSeed(), job: admitted[index].job, tokens: tokens)
            admitted[index].record.issuedAt = admitted[index].started
            admitted[index].record.expiresAt = admitted[index].started.addingTimeInterval(TimeInterval(lifetime))
            rewrites.append((admitted[index].record.id, admitted[index].record.encoded()))
        }
        let results = BatchResults(), seeded = rewrites, issuing = admitted
        DispatchQueue.concurrentPerform(iterations: 2) { step in
            if step == 0 {
                results.seedErrors = seeded.isEmpty ? [:] : spool.rewriteClaimed(seeded)
            } else {
                results.issued = issueAll(issuing)
            }
        }
        let issued = results.issued, seedErrors = results.seedErrors
        // 3. Each job's checks, then its mail.
        var prepared: [PreparedJob] = []
        for (index, var entry) in admitted.enumerated() {
            if let error = seedErrors[entry.record.id] {
                // A seed the token store did not take is never kept: the retry issues afresh.
                if entry.firstIssue && !Self.answered(issued[index]) { entry.record.forgetSeed() }
                defer_(
                    entry.record, job: entry.job, reply: "job \(entry.record.id): cannot record its seed: \(error)", started: entry.started,
                    done: entry.done)
                continue
            }
            if let job = ready(&entry, issued: issued[index]) { prepared.append(job) }
        }
        return prepared
    }

    /// Claims and reads one job; nil when it ended here (reported) or was not ours to take.
    private func admit(id: String, onDone: @escaping @Sendable (String, DeliveryOutcome?) -> Void) -> Admitted? {
        // 1. Claim by rename: at most one worker gets each job.
        do {
            guard try spool.claim(id: id) else { onDone(id, nil); return nil }
        } catch {
            log.event("claim_error", ["job": id, "state": "new", "error": error.description])
            onDone(id, nil)
            return nil
        }
        // The claim's lock tells other workers this job has a live owner; held until it is recorded.
        let done: @Sendable (DeliveryOutcome?) -> Void = { [spool] outcome in
            spool.release(id: id)
            onDone(id, outcome)
        }
        let started = clock.now()
        // A reused id must never overwrite the record of the job that has it: quarantine the newcomer.
        if let other = spool.recordedElsewhere(id: id) {
            quarantine(
                id: id, reason: "job id \(id) is already used by the job in \(other.rawValue)/ (hand it off under a new id)", done: done)
            return nil
        }
        // 2. Read safely and parse; bad files are quarantined, never deleted.
        let object: [String: JSONValue]
        do {
            object = try JobParser.jsonObject(try spool.read(id: id, in: .active))
        } catch let error as JobError {
            // Unparseable → corrupt/; parseable but refused (a key named twice) → failed/, unchanged.
            quarantine(id: id, reason: error.description, into: error.isCorrupt ? .corrupt : .failed, done: done)
            return nil
        } catch let error as SpoolError {
            if case .io = error {
                log.event("read_error", ["job": id, "state": "active", "error": error.description])
                done(nil)
                return nil
            }
            quarantine(id: id, reason: error.description, done: done)
            return nil
        } catch {
            done(nil)
            return nil
        }
        let record = JobRecord.decode(id: id, object: object, now: started)
        // 3. Validate the job itself; an invalid job fails with its reason.
        let job: Job
        do {
            job = try JobParser.parse(object: record.job, catalogue: catalogue)
        } catch {
            finish(
                record, job: nil, outcome: .failed, reason: "invalid job: \(error.description)", result: nil, started: started, done: done)
            return nil
        }
        // To a suppressed address (a hard bounce, a complaint for a notice, an operator's word):
        // never mailed, no secret issued, not counted against a rate limit. Checked on every
        // attempt: a bounce may arrive while a job waits in deferred/, and a replay checks again.
        if !checkSuppression(record, job: job, started: started, done: done) { return nil }
        // Over its kind's limit for this login or address: never mailed, no secret issued. Counted
        // on a job's first attempt only; an operator's replay is a decision of its own.
        // (A job given back by a stopping worker has its seed: counted already.)
        if record.attempts.isEmpty && record.replays == 0 && record.seed == nil {
            do {
                let decision = try limiter.admit(kind: job.kind.name, login: job.loginID, address: job.to, now: started)
                if let reason = decision.reason {
                    finish(record, job: job, outcome: .failed, reason: reason, result: nil, started: started, done: done)
                    return nil
                }
            } catch {
                defer_(record, job: job, reply: "rate limit count: \(error)", started: started, done: done)
                return nil
            }
        }
        // A retry whose link or code has expired never reaches the token store: a swept record
        // must not be issued again under the same (old) token.
        if record.seed != nil, let expiresAt = record.expiresAt, started >= expiresAt {
            let reason = RetryPolicy.expiredReason(attempts: record.attempts.count, lastReply: record.attempts.last?.reply)
            finish(record, job: job, outcome: .failed, reason: reason, result: nil, started: started, done: done)
            return nil
        }
        // A seed is reused only under its MAC: one copied from another job's record, or written
        // before seeds were sealed, is dropped and the job issued afresh (the old link superseded).
        var trusted = record
        if job.kind.carriesSecret, trusted.seed != nil, trusted.derivationSeed(job: job, tokens: tokens) == nil {
            log.event("seed_untrusted", logFields(trusted, job: job, state: .active))
            trusted.forgetSeed()
        }
        return Admitted(record: trusted, job: job, started: started, firstIssue: job.kind.carriesSecret && trusted.seed == nil, done: done)
    }

    /// Whether the token store answered for a job (issued, or refused a dead secret) rather than failed.
    private static func answered(_ issued: Result<Issuance, any Error>?) -> Bool {
        switch issued {
        case .success?: true
        case .failure(let error)?: error is DeadSecret
        case nil: false
        }
    }

    /// The job's secret checked and its mail rendered; nil when the job ended here (recorded).
    private func ready(_ entry: inout Admitted, issued: Result<Issuance, any Error>?) -> PreparedJob? {
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
