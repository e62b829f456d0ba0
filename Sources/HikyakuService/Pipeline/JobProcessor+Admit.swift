// JobProcessor+Admit.swift — one job of a prepare batch claimed, read and checked, before and after its batch's rate limits.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuDelivery

extension JobProcessor {
    /// A claimed, readable, valid, unsuppressed job waiting for its batch's rate-limit decisions.
    struct Checked: Sendable {
        let record: JobRecord
        let job: Job
        let started: Date
        let identity: JobFileIdentity?
        let done: @Sendable (DeliveryOutcome?) -> Void
        /// What the rate limiter is asked for this job; nil when it is not counted (a retry, a replay).
        let limitRequest: RateLimiter.Request?
    }

    /// Claims, reads, validates and checks the suppression list for one job; nil when it ended
    /// here (reported) or was not ours to take. The rate limit is the batch's (`admit(_:limitDecision:)`).
    func check(id: String, onDone: @escaping @Sendable (String, DeliveryOutcome?) -> Void) -> Checked? {
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
        // Counted against its kind's limit on a job's first attempt only; an operator's replay is a
        // decision of its own. (A job given back by a stopping worker, or recovered after a crash,
        // was counted already: by its sealed seed, or by its file's tag, which the count keeps.)
        let counted = record.attempts.isEmpty && record.replays == 0 && record.seed == nil
        let request =
            counted
            ? RateLimiter.Request(
                kind: job.kind.name, login: job.loginID, address: job.to, now: started, tag: identity.map(tokens.jobTag(for:)) ?? 0)
            : nil
        return Checked(record: record, job: job, started: started, identity: identity, done: done, limitRequest: request)
    }

    /// The rest of a checked job's checks, given the rate limiter's decision for it (nil when it
    /// was not asked): over its limit, expired, or ready to issue. Nil when it ended here (reported).
    func admit(_ checked: Checked, limitDecision: Result<RateLimiter.Decision, IOFailure>?) -> Admitted? {
        let (record, job, started, done) = (checked.record, checked.job, checked.started, checked.done)
        // Over its kind's limit for this login or address: never mailed, no secret issued.
        switch limitDecision {
        case nil: break
        case .success(let decision):
            if let reason = decision.reason {
                finish(record, job: job, outcome: .failed, reason: reason, result: nil, started: started, done: done)
                return nil
            }
        case .failure(let error):
            defer_(record, job: job, reply: "rate limit count: \(error)", started: started, done: done)
            return nil
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
            record: trusted, job: job, started: started, firstIssue: job.kind.carriesSecret && trusted.seed == nil,
            identity: checked.identity, done: done)
    }
}
