// JobEvent.swift — the small JSON event a job leaves in events/ when it reaches sent/ or failed/.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuSpool

/// What the web tier learns of one job's outcome: the job id, kind, login id, masked address,
/// state, reason and time — never a token, code, link or seed, and never the full address.
public enum JobEvent {
    /// The event's bytes (one JSON object, one line) for `record` reaching `state`.
    static func bytes(_ record: JobRecord, job: Job?, state: SpoolState, reason: String?, at time: Date) -> Data {
        bytes(record, job: job, state: state.rawValue, reason: reason, at: time)
    }

    /// The event for what came back for a sent job: `state` is `bounced`, `soft_bounced`,
    /// `delayed` or `complained` (docs/web-tier.md), the reason the classifier's words.
    static func bytes(_ record: JobRecord, job: Job?, state: String, reason: String?, at time: Date) -> Data {
        var object: [String: JSONValue] = [
            "version": 1, "job": .string(record.id), "state": .string(state),
            "kind": .string(job?.kind.name ?? "unknown"), "time": .string(Timestamp.iso8601(time, fractional: true)),
        ]
        if let job {
            object["login_id"] = .string(job.loginID)
            object["to"] = .string(RecipientMask.mask(job.to))
        }
        if let reason { object["reason"] = .string(Sanitize.line(RecipientMask.maskAddresses(in: reason), limit: 400)) }
        var bytes = JSONText.data(.object(object))
        bytes.append(0x0a)
        return bytes
    }
}
