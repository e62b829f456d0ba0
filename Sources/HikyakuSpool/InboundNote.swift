// InboundNote.swift — what came back for a job (a bounce, a delay, a complaint, an auto-reply), kept in its record.
import Foundation
import HikyakuBase

/// One returned message about a job, as its record keeps it: when it was processed, its kind
/// (`bounce`, `delayed`, `complaint`, `auto_reply`), whether it was a hard failure, the status and
/// reason words of the classifier, whether its return-path tag verified, and the name the message
/// is stored under in `inbound/`. Never the returned text itself (it may quote the link or code).
public struct InboundNote: Sendable, Equatable {
    public var at: Date
    public var kind: String
    public var hard: Bool
    public var status: String?
    public var reason: String
    /// The return-path tag verified for this job and recipient; false when matched by Message-ID only.
    public var verified: Bool
    /// The stored message's name in `inbound/` (`hikyaku inbound show NAME`).
    public var message: String

    public init(at: Date, kind: String, hard: Bool, status: String?, reason: String, verified: Bool, message: String) {
        self.at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        self.kind = kind
        self.hard = hard
        self.status = status
        self.reason = reason
        self.verified = verified
        self.message = message
    }

    /// A verified hard bounce: the job shows as `bounced`.
    public var isHardBounce: Bool { kind == "bounce" && hard && verified }

    /// Whether this note says what `other` already said for the job (same kind, verdict and
    /// trust): a copy of the same news, whichever message brought it.
    public func repeats(_ other: InboundNote) -> Bool {
        kind == other.kind && hard == other.hard && verified == other.verified
    }

    /// The note as a JSON value (keys as written in the record).
    var value: JSONValue {
        var object: [String: JSONValue] = [
            "at": .string(Timestamp.iso8601(at)), "kind": .string(kind), "hard": .bool(hard), "reason": .string(reason),
            "verified": .bool(verified), "message": .string(message),
        ]
        object["status"] = status.map(JSONValue.string)
        return .object(object)
    }

    /// Reads a note written by `value`; nil for anything else (a damaged note is dropped, never fatal).
    static func decode(_ value: JSONValue, now: Date) -> InboundNote? {
        guard let object = value.objectValue, let kind = object["kind"]?.stringValue,
            let message = object["message"]?.stringValue
        else { return nil }
        return InboundNote(
            at: object["at"]?.stringValue.flatMap(Timestamp.parse) ?? now, kind: kind, hard: object["hard"]?.boolValue ?? false,
            status: object["status"]?.stringValue, reason: object["reason"]?.stringValue ?? "undefined",
            verified: object["verified"]?.boolValue ?? false, message: message)
    }
}

extension InboundNote: HandEncodedRecord {
    package func write(into writer: inout RecordWriter) {
        writer.member("at", at)
        writer.member("hard", hard)
        writer.member("kind", kind)
        writer.member("message", message)
        writer.member("reason", reason)
        writer.member("status", status)
        writer.member("verified", verified)
    }
}
