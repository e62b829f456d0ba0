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
        // Each job claimed and checked, then the batch's rate limits decided under one lock
        // (in order: as if one after another), then each job's remaining checks.
        let checked = ids.compactMap { check(id: $0, onDone: onDone) }
        var decisions = limiter.admit(checked.compactMap(\.limitRequest))[...]
        var admitted = checked.compactMap { job in
            admit(job, limitDecision: job.limitRequest == nil ? nil : decisions.popFirst())
        }
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

    /// Whether the token store answered for a job (issued, or refused a dead secret) rather than failed.
    private static func answered(_ issued: Result<Issuance, any Error>?) -> Bool {
        switch issued {
        case .success?: true
        case .failure(let error)?: error is DeadSecret
        case nil: false
        }
    }
}
