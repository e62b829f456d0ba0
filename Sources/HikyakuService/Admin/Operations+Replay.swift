// Operations+Replay.swift — `replay`: failed (or, forced, sent) jobs back through new/, like `postsuper -r`.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool

extension Operations {
    /// Which jobs a bulk replay takes.
    public struct Selection: Sendable {
        /// `failed`, `corrupt`, or `sent` (which needs `force`).
        public var state: SpoolState
        /// Only jobs of this kind, when set.
        public var kind: String?
        /// Only jobs whose last activity (`SpoolEntry.lastActivity`) is at or after this.
        public var since: Date?

        /// A selection of `state`, optionally narrowed by kind and time.
        public init(state: SpoolState, kind: String? = nil, since: Date? = nil) {
            self.state = state
            self.kind = kind
            self.since = since
        }
    }

    /// Replays each of `ids` in order; a job that cannot be replayed does not stop the others.
    public func replay(ids: [String], force: Bool, progress: ((Int, Int) -> Void)? = nil) -> [(id: String, action: JobAction)] {
        each(ids, progress: progress) { replay(id: $0, force: force, sync: $1) }
    }

    /// The ids a bulk replay of `selection` would take, oldest activity first. Jobs that ended as
    /// the portal meant them to — superseded by a newer request, held back by a rate limit, or
    /// to a suppressed address — are left out: replaying them would revive a request the user abandoned (and stop the link
    /// the user did receive from working). Naming such a job by id still replays it.
    public func select(_ selection: Selection) throws(SpoolError) -> [String] {
        try select(selection, keepingEndedOnPurpose: false)
    }

    /// The ids of `selection`, oldest activity first; `keepingEndedOnPurpose` keeps superseded
    /// and rate-limited jobs (for `hold`/`release`, which never revive a request).
    public func select(_ selection: Selection, keepingEndedOnPurpose: Bool) throws(SpoolError) -> [String] {
        try inventory.entries(in: selection.state)
            .filter { entry in
                (selection.kind == nil || entry.kind == selection.kind)
                    && (selection.since.map { entry.lastActivity >= $0 } ?? true)
                    && (keepingEndedOnPurpose || !Self.endedOnPurpose(entry.record?.failureReason ?? entry.reason ?? ""))
            }
            .sorted { $0.lastActivity < $1.lastActivity }
            .map(\.id)
    }

    /// Whether a failure reason says the job ended as the portal meant (superseded,
    /// rate-limited) or was never to be mailed (suppressed: replay it by name once the
    /// suppression is removed).
    static func endedOnPurpose(_ reason: String) -> Bool {
        reason.hasPrefix("superseded") || reason.hasPrefix(RateLimiter.reasonPrefix) || reason.hasPrefix(SuppressionList.reasonPrefix)
    }

    /// Puts job `id` back into `new/` for a fresh delivery.
    ///
    /// - `failed/` and `sent/` (with `force`): a job carrying a link or code gets a fresh seed, so
    ///   the worker issues a fresh token or code with its full lifetime; the old link is revoked
    ///   now (an old OTP code is superseded when the new one is issued). `replays` goes up, so
    ///   the Message-ID changes; the attempts stay; the failure reason, next-attempt time and
    ///   Date header are cleared, and `<id>.reason` is deleted.
    /// - A record whose job is invalid is refused with its reason: it would only fail again
    ///   (fix the job and enqueue it under a new id).
    /// - `corrupt/`: the entry goes back into `new/` unchanged (after an operator fixed the file
    ///   in place); the worker checks it again and quarantines it again if it is still bad.
    /// - `new/`, `active/`, `deferred/` (use `flush`) and `hold/` (use `release`) are refused.
    ///
    /// Order: token store first, then the record rewritten in place, then one rename into
    /// `new/`. A crash in between leaves the job in its old state, safe to replay again.
    /// The directory fsyncs wait for `sync` when one is given (a bulk replay).
    public func replay(id: String, force: Bool, sync: DirectorySync? = nil) -> JobAction {
        guard let state = spool.locate(id: id) else { return .missing }
        switch state {
        case .failed, .corrupt: break
        case .sent, .bounced: if !force { return .needsForce }
        case .active: return .busy
        case .new: return .unchanged(.new, note: "already waiting to be sent")
        case .deferred: return .refused(.deferred, note: "deferred: use hikyaku flush to retry it now")
        case .hold: return .refused(.hold, note: "held: use hikyaku release")
        case .tmp: return .missing
        }
        do {
            if state != .corrupt {
                let record: JobRecord
                switch try readRecord(id: id, in: state) {
                case .success(let read): record = read
                case .failure(let refusal): return refusal.action
                }
                var renewed = record
                try renew(&renewed)
                try spool.replace(id: id, in: state, data: renewed.encoded(), sync: sync)
            }
            try spool.relocate(id: id, from: state, to: .new, sync: sync)
            try spool.removeReason(id: id, in: state, sync: sync)
            return .done(from: state)
        } catch {
            return Operations.action(for: error)
        }
    }

    /// Reads a record that is a valid job, or says why it cannot be replayed.
    func readRecord(id: String, in state: SpoolState) throws -> Result<JobRecord, RefusedJob> {
        let object: [String: JSONValue]
        do {
            object = try JobParser.jsonObject(try spool.read(id: id, in: state))
        } catch let error as JobError {
            return .failure(RefusedJob(action: .refused(state, note: "unreadable record: \(error.description)")))
        }
        let record = JobRecord.decode(id: id, object: object, now: clock.now())
        do {
            _ = try JobParser.parse(object: record.job, catalogue: catalogue)
        } catch {
            return .failure(RefusedJob(action: .refused(state, note: "invalid job, it would fail again: \(error.description)")))
        }
        return .success(record)
    }

    /// Readies a record for a fresh delivery: a fresh secret (the old link revoked), a new
    /// Message-ID, no failure, due now.
    func renew(_ record: inout JobRecord) throws {
        try revokeLink(of: record)
        record.forgetSeed()
        record.messageDate = nil
        record.failureReason = nil
        record.nextAttemptAt = nil
        record.replays += 1
        record.requeuedAt = clock.now()
    }

    /// Revokes the link or withdraws the code the record's seed derives, if it carries a sealed
    /// one (a no-op for one already used, revoked or superseded, for a seed without a valid MAC,
    /// and when no server secret exists).
    func revokeLink(of record: JobRecord) throws {
        guard let tokens, let job = try? JobParser.parse(object: record.job, catalogue: catalogue),
            let seed = record.derivationSeed(job: job, tokens: tokens)
        else { return }
        switch job.kind.tokenSecret {
        case .none: return
        case .code: try tokens.revokeOTP(loginID: job.loginID, seed: seed)
        case .link(let purpose, _): try tokens.revoke(seed: seed, purpose: purpose)
        }
    }
}

/// A job an operator command will not touch, as an error-shaped value for `Result`.
struct RefusedJob: Error {
    let action: JobAction
}
