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
        let line = Line(record, job: job, state: state, reason: reason, at: time)
        // Member by member (the same bytes as through a `JSONValue`, `referenceBytes`, without
        // building and sorting a dictionary per job).
        guard var bytes = line.handEncoded() else { return referenceBytes(line) }
        bytes.append(0x0a)
        return Data(bytes)
    }

    /// The event's members.
    struct Line: HandEncodedRecord {
        var job: String
        var kind: String
        var loginID: String?
        var reason: String?
        var state: String
        var time: String
        var to: String?

        init(_ record: JobRecord, job: Job?, state: String, reason: String?, at time: Date) {
            self.job = record.id
            self.kind = job?.kind.name ?? "unknown"
            self.loginID = job?.loginID
            self.reason = reason.map { Sanitize.line(RecipientMask.maskAddresses(in: $0), limit: 400) }
            self.state = state
            self.time = Timestamp.iso8601(time, fractional: true)
            self.to = job.map { RecipientMask.mask($0.to) }
        }

        func write(into writer: inout RecordWriter) {
            writer.member("job", job)
            writer.member("kind", kind)
            writer.member("login_id", loginID)
            writer.member("reason", reason)
            writer.member("state", state)
            writer.member("time", time)
            writer.member("to", to)
            writer.member("version", 1)
        }
    }

    /// The event through one `JSONValue` and `JSONText`: what the member-by-member bytes are
    /// tested against, and their fall-back.
    static func referenceBytes(_ line: Line) -> Data {
        var object: [String: JSONValue] = [
            "version": 1, "job": .string(line.job), "state": .string(line.state), "kind": .string(line.kind), "time": .string(line.time),
        ]
        object["login_id"] = line.loginID.map(JSONValue.string)
        object["to"] = line.to.map(JSONValue.string)
        object["reason"] = line.reason.map(JSONValue.string)
        var bytes = JSONText.data(.object(object))
        bytes.append(0x0a)
        return bytes
    }
}
