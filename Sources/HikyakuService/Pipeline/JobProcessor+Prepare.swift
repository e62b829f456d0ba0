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
        /// The job had no trusted (sealed) seed: this attempt issues its link or code from a first
        /// seed, derived from the job file or (for an old file) random.
        let firstIssue: Bool
        /// The claimed file as handed off (nil when it cannot be stat'ed): its first seed and rate-limit tag.
        let identity: JobFileIdentity?
        let done: @Sendable (DeliveryOutcome?) -> Void
    }

    /// Claims each of `ids` and readies it to send. Jobs that end here (claimed elsewhere,
    /// unreadable, invalid, expired, superseded, a storage error) are recorded and reported
    /// through `onDone`; the rest are returned. A first issue's seed is derived from the job file
    /// (`firstIssueSeed`): nothing is written in `active/` before the send, and the seed is sealed
    /// into the job's first record. Only for a file too old to derive from is a random seed
    /// rewritten in `active/` (one sync for the batch) while the token store's writes are made
    /// durable in one batch, both before any mail of the batch exists.
    package func prepare(ids: [String], onDone: @escaping @Sendable (String, DeliveryOutcome?) -> Void) -> [PreparedJob] {
        var admitted = ids.compactMap { admit(id: $0, onDone: onDone) }
        // 1. First seeds: derived (kept in memory until the record) or random (durable in
        // active/ before any send); 2. meanwhile the links and codes, under one lock and one sync.
        var rewrites: [(id: String, data: Data)] = []
        for index in admitted.indices {
            if admitted[index].record.messageDate == nil { admitted[index].record.messageDate = admitted[index].started }
            guard admitted[index].firstIssue else { continue }
            let lifetime = config.lifetime(for: admitted[index].job.kind)
            let derived = firstIssueSeed(admitted[index])
            admitted[index].record.seal(derived ?? ServerSecret.randomSeed(), job: admitted[index].job, tokens: tokens)
            admitted[index].record.issuedAt = admitted[index].started
            admitted[index].record.expiresAt = admitted[index].started.addingTimeInterval(TimeInterval(lifetime))
            if derived == nil { rewrites.append((admitted[index].record.id, admitted[index].record.encoded())) }
        }
        let issued: [Int: Result<Issuance, any Error>], seedErrors: [String: SpoolError]
        if rewrites.isEmpty {
            // Derived seeds (the usual case): nothing to write in active/, no second thread.
            (issued, seedErrors) = (issueAll(admitted), [:])
        } else {
            let results = BatchResults(), seeded = rewrites, issuing = admitted
            DispatchQueue.concurrentPerform(iterations: 2) { step in
                if step == 0 {
                    results.seedErrors = spool.rewriteClaimed(seeded)
                } else {
                    results.issued = issueAll(issuing)
                }
            }
            (issued, seedErrors) = (results.issued, results.seedErrors)
        }
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
        let data: Data, object: [String: JSONValue]
        do {
            data = try spool.read(id: id, in: .active)
            object = try JobParser.jsonObject(data)
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
        let identity = spool.claimedFileStamp(id: id).map {
            JobFileIdentity(
                jobID: id, contentDigest: SHA256.hash([UInt8](data)), modifiedNanoseconds: $0.modifiedNanoseconds, inode: $0.inode,
                replays: record.replays)
        }
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
        // (A job given back by a stopping worker, or recovered after a crash, was counted already:
        // by its sealed seed, or by its file's tag, which the count keeps.)
        if record.attempts.isEmpty && record.replays == 0 && record.seed == nil {
            do {
                let decision = try limiter.admit(
                    kind: job.kind.name, login: job.loginID, address: job.to, now: started, tag: identity.map(tokens.jobTag(for:)) ?? 0)
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
        return Admitted(
            record: trusted, job: job, started: started, firstIssue: job.kind.carriesSecret && trusted.seed == nil, identity: identity,
            done: done)
    }

    /// Whether the token store answered for a job (issued, or refused a dead secret) rather than failed.
    private static func answered(_ issued: Result<Issuance, any Error>?) -> Bool {
        switch issued {
        case .success?: true
        case .failure(let error)?: error is DeadSecret
        case nil: false
        }
    }
}
