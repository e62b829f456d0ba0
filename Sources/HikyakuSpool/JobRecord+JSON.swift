// JobRecord+JSON.swift — the job file's bytes: written member by member, the same as through a JSONValue and JSONText.
import Foundation
import HikyakuBase

extension JobRecord: HandEncodedRecord {
    /// The record as JSON bytes (sorted keys, one line, UTF-8), with a trailing newline.
    public func encoded() -> Data {
        // Member by member, not through a whole `JSONValue`: building and sorting the record's own
        // members is work the fixed order makes needless. (Through Foundation's dictionaries it
        // cost about 5% of a drain's CPU.) Only a job with a non-finite double (never parsed from
        // JSON) takes the reference path.
        guard var bytes = handEncoded() else { return encodedThroughValue() }
        bytes.append(0x0a)
        return Data(bytes)
    }

    package func write(into writer: inout RecordWriter) {
        writer.member("attempts", attempts)
        writer.member("expires_at", expiresAt.map { Timestamp.iso8601($0) })
        writer.member("failure_reason", failureReason)
        writer.member("id", id)
        if !inbound.isEmpty { writer.member("inbound", inbound) }
        writer.member("issued_at", issuedAt.map { Timestamp.iso8601($0) })
        writer.member("job", object: job)
        writer.member("message_date", messageDate.map { Timestamp.iso8601($0) })
        writer.member("next_attempt_at", nextAttemptAt.map { Timestamp.iso8601($0) })
        writer.member("received_at", Timestamp.iso8601(receivedAt))
        writer.member("record_version", version)
        if replays > 0 { writer.member("replays", replays) }
        writer.member("requeued_at", requeuedAt.map { Timestamp.iso8601($0) })
        writer.member("seed", seed)
        writer.member("seed_mac", seedMAC)
    }

    /// 2 for a record whose seed carries its MAC (`seed_mac`), 1 otherwise (the format before it).
    var version: Int { seedMAC == nil ? 1 : 2 }

    /// `encoded()` through one `JSONValue` and `JSONText` (whose bytes are `JSONSerialization`'s):
    /// the reference the member-by-member writing is tested against, and its fall-back.
    func encodedThroughValue() -> Data {
        var object: [String: JSONValue] = [
            "record_version": .int(version), "id": .string(id), "job": .object(job), "received_at": .string(Timestamp.iso8601(receivedAt)),
        ]
        object["seed"] = seed.map(JSONValue.string)
        object["seed_mac"] = seedMAC.map(JSONValue.string)
        object["issued_at"] = issuedAt.map { .string(Timestamp.iso8601($0)) }
        object["expires_at"] = expiresAt.map { .string(Timestamp.iso8601($0)) }
        object["message_date"] = messageDate.map { .string(Timestamp.iso8601($0)) }
        object["next_attempt_at"] = nextAttemptAt.map { .string(Timestamp.iso8601($0)) }
        object["failure_reason"] = failureReason.map(JSONValue.string)
        if replays > 0 { object["replays"] = .int(replays) }
        object["requeued_at"] = requeuedAt.map { .string(Timestamp.iso8601($0)) }
        if !inbound.isEmpty { object["inbound"] = .array(inbound.map(\.value)) }
        object["attempts"] = .array(
            attempts.map { attempt -> JSONValue in
                [
                    "at": .string(Timestamp.iso8601(attempt.at, fractional: true)), "outcome": .string(attempt.outcome.rawValue),
                    "code": .int(attempt.code), "reply": .string(attempt.reply), "phase": .string(attempt.phase),
                    "duration_ms": .int(attempt.durationMilliseconds), "possible_duplicate": .bool(attempt.possibleDuplicate),
                ]
            })
        return JSONText.data(.object(object)) + Data("\n".utf8)
    }
}

extension Attempt: HandEncodedRecord {
    package func write(into writer: inout RecordWriter) {
        writer.member("at", Timestamp.iso8601(at, fractional: true))
        writer.member("code", code)
        writer.member("duration_ms", durationMilliseconds)
        writer.member("outcome", outcome.rawValue)
        writer.member("phase", phase)
        writer.member("possible_duplicate", possibleDuplicate)
        writer.member("reply", reply)
    }
}
