// Operations+Hold.swift — `hold`, `release` and `flush`: moving waiting jobs by one rename each.
import Foundation
import HikyakuMail
import HikyakuSpool

extension Operations {
    /// Moves each of `ids` into `hold/`, where no worker sends it nor lets it expire.
    ///
    /// Takes jobs from `new/` and `deferred/`. A job in `active/` is refused (`busy`): a worker is
    /// sending it and no rename can stop that; hold it again if it comes back deferred. Jobs in
    /// `sent/`, `failed/` or `corrupt/` are refused: nothing would send them anyway.
    public func hold(ids: [String]) -> [(id: String, action: JobAction)] {
        each(ids, progress: nil) { id, sync in
            chasing(id) { state in
                switch state {
                case .new, .deferred:
                    do {
                        try spool.relocate(id: id, from: state, to: .hold, sync: sync)
                        return .done(from: state)
                    } catch {
                        return Operations.action(for: error)
                    }
                case .hold: return .unchanged(.hold, note: "already held")
                case .active: return .busy
                case .sent, .bounced, .failed, .corrupt: return .refused(state, note: "not waiting to be sent, nothing to hold")
                case .tmp: return .missing
                }
            }
        }
    }

    /// Moves each of `ids` from `hold/` back into `new/`.
    ///
    /// Time in `hold/` does not count against a job: a job whose link or code expired while it
    /// was held gets a fresh one (the old link revoked, a new Message-ID, as `replay` does), and
    /// `requeued_at` restarts the give-up clock. A held file that is not a record (a producer's
    /// job held before any worker saw it, or an unreadable one) goes back unchanged.
    public func release(ids: [String]) -> [(id: String, action: JobAction)] {
        each(ids, progress: nil) { id, sync in
            guard let state = spool.locate(id: id) else { return .missing }
            guard state == .hold else {
                return state == .new
                    ? .unchanged(.new, note: "not held, already waiting to be sent")
                    : .refused(state, note: "not held")
            }
            do {
                if let data = try? spool.read(id: id, in: .hold), let object = try? JobParser.jsonObject(data),
                    object["record_version"] != nil
                {
                    var record = JobRecord.decode(id: id, object: object, now: clock.now())
                    if let expiresAt = record.expiresAt, expiresAt <= clock.now() {
                        try renew(&record)
                    } else {
                        record.nextAttemptAt = nil
                        record.requeuedAt = clock.now()
                    }
                    try spool.replace(id: id, in: .hold, data: record.encoded(), sync: sync)
                }
                try spool.relocate(id: id, from: .hold, to: .new, sync: sync)
                return .done(from: .hold)
            } catch {
                return Operations.action(for: error)
            }
        }
    }

    /// Makes deferred jobs due now (like `postqueue -f`): each of `ids`, or every job in
    /// `deferred/` when `ids` is empty, moves back into `new/` by one rename, where a running
    /// worker sees it at once. The record is unchanged (its attempts and backoff stay).
    public func flush(ids: [String]) throws(SpoolError) -> [(id: String, action: JobAction)] {
        let bulk = ids.isEmpty
        let targets = bulk ? try inventory.ids(in: .deferred) : ids
        return each(targets, progress: nil) { id, sync in
            chasing(id, from: bulk ? .deferred : nil) { state in
                switch state {
                case .deferred:
                    do {
                        try spool.relocate(id: id, from: .deferred, to: .new, sync: sync)
                        return .done(from: .deferred)
                    } catch {
                        return Operations.action(for: error)
                    }
                case .new: return .unchanged(.new, note: "already due")
                case .active: return .unchanged(.active, note: "being sent now")
                default: return .refused(state, note: "not deferred")
                }
            }
        }
    }

    /// Runs `step` on the job's current state (`first`, else wherever it is); when the job moved
    /// on meanwhile (a worker promoted or claimed it), looks again, up to three times.
    private func chasing(_ id: String, from first: SpoolState? = nil, _ step: (SpoolState) -> JobAction) -> JobAction {
        var known = first
        for _ in 0..<3 {
            guard let state = known ?? spool.locate(id: id) else { return .missing }
            let action = step(state)
            guard action == .missing else { return action }
            known = nil
        }
        return .missing
    }
}
