// JobRecord.swift — what the spool keeps per job once claimed: the job, its secret's seed, every attempt.
import Foundation
import HikyakuBase

/// One delivery attempt as recorded in the job file.
public struct Attempt: Sendable, Equatable {
    public var at: Date
    /// `sent`, `deferred` or `failed` on disk.
    public var outcome: AttemptOutcome
    /// The SMTP reply code (0 when there was no reply).
    public var code: Int
    /// The relay's reply text, or a description of the connection failure.
    public var reply: String
    /// The SMTP phase the attempt ended in (`connect`, `mail`, `rcpt`, `data`, `dot`, …).
    public var phase: String
    public var durationMilliseconds: Int
    /// The relay's reply after the final "." was lost: the message may have been delivered.
    public var possibleDuplicate: Bool

    public init(
        at: Date, outcome: AttemptOutcome, code: Int, reply: String, phase: String, durationMilliseconds: Int, possibleDuplicate: Bool
    ) {
        self.at = at
        self.outcome = outcome
        self.code = code
        self.reply = reply
        self.phase = phase
        self.durationMilliseconds = durationMilliseconds
        self.possibleDuplicate = possibleDuplicate
    }
}

/// The job file's contents after the worker first claims a job: the producer's job object,
/// unchanged, under `job`, plus what the worker must remember across retries.
///
/// It never holds a token, code or link: only `seed` and `seedMAC`. The worker re-derives the same
/// secret from the seed with the server key, bound to the job's id, purpose, login and addresses,
/// so a retry mails the same bytes; it trusts a seed only when `seedMAC` verifies under the server
/// secret. A record that carries `seed_mac` is written with `record_version` 2, any other with 1.
public struct JobRecord: Sendable {
    public var id: String
    public var job: [String: JSONValue]
    public var receivedAt: Date
    /// base64url of the 32-byte seed of the job's link or code, once issued.
    public var seed: String?
    /// base64url of the MAC over the seed and what it is bound to (written by the worker only).
    public var seedMAC: String?
    public var issuedAt: Date?
    public var expiresAt: Date?
    /// The mail's `Date` header, fixed at the first attempt so retries are byte-identical.
    public var messageDate: Date?
    public var attempts: [Attempt] = []
    public var nextAttemptAt: Date?
    /// Why the job failed permanently.
    public var failureReason: String?
    /// How many times the job was replayed by an operator.
    public var replays = 0
    /// When an operator last put the job back into `new/` (replay, or release with a fresh
    /// secret): a give-up clock should start here rather than at `receivedAt`.
    public var requeuedAt: Date?
    /// What came back for the job after it was sent (bounces, delays, complaints, auto-replies),
    /// oldest first; written only when there is something.
    public var inbound: [InboundNote] = []

    /// A verified hard bounce came back: the job shows as `bounced` (its record stays in `sent/`).
    public var bounced: Bool { inbound.contains(where: \.isHardBounce) }

    /// A record for a job object just claimed.
    public init(id: String, job: [String: JSONValue], receivedAt: Date) {
        self.id = id
        self.job = job
        self.receivedAt = receivedAt
    }

    /// Reads either a record or a producer's bare job object (`job` key absent). Members of the
    /// wrong type read as absent, as they did when this read Foundation's objects: a number where
    /// a count is due is truncated, and `possible_duplicate` may be a boolean, 0 or 1.
    public static func decode(id: String, object: [String: JSONValue], now: Date) -> JobRecord {
        guard object["record_version"] != nil, let job = object["job"]?.objectValue else {
            return JobRecord(id: id, job: object, receivedAt: now)
        }
        var record = JobRecord(id: id, job: job, receivedAt: date(object["received_at"]) ?? now)
        record.seed = object["seed"]?.stringValue
        record.seedMAC = object["seed_mac"]?.stringValue
        record.issuedAt = date(object["issued_at"])
        record.expiresAt = date(object["expires_at"])
        record.messageDate = date(object["message_date"])
        record.nextAttemptAt = date(object["next_attempt_at"])
        record.failureReason = object["failure_reason"]?.stringValue
        record.replays = count(object["replays"]) ?? 0
        record.requeuedAt = date(object["requeued_at"])
        record.inbound = (object["inbound"]?.arrayValue ?? []).compactMap { InboundNote.decode($0, now: now) }
        // Any element that is not an object made the whole list unreadable: no attempts.
        let items = object["attempts"]?.arrayValue ?? []
        guard items.allSatisfy({ $0.objectValue != nil }) else { return record }
        for item in items {
            record.attempts.append(
                Attempt(
                    at: date(item["at"]) ?? now, outcome: AttemptOutcome(rawValue: item["outcome"]?.stringValue ?? ""),
                    code: count(item["code"]) ?? 0, reply: item["reply"]?.stringValue ?? "",
                    phase: item["phase"]?.stringValue ?? "", durationMilliseconds: count(item["duration_ms"]) ?? 0,
                    possibleDuplicate: flag(item["possible_duplicate"]) ?? false))
        }
        return record
    }

    private static func date(_ value: JSONValue?) -> Date? {
        value?.stringValue.flatMap(Timestamp.parse)
    }

    /// A number as an integer, a fraction truncated, a boolean as 0 or 1 (as `NSNumber.intValue`).
    private static func count(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .double(let number): return Int(exactly: number.rounded(.towardZero)) ?? Int.min
        default: return nil
        }
    }

    /// A boolean, or a number that is exactly 0 or 1 (as Foundation cast a parsed number to `Bool`).
    private static func flag(_ value: JSONValue?) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .int(let number) where number == 0 || number == 1: return number == 1
        case .double(let number) where number == 0 || number == 1: return number == 1
        default: return nil
        }
    }
}
