// JobRecord+JSON.swift — the job file's bytes: written member by member, the same as through a dictionary and JSONText.
import Foundation
import HikyakuBase

extension JobRecord: HandEncodedRecord {
    /// The record as JSON bytes (sorted keys, one line, UTF-8), with a trailing newline.
    public func encoded() -> Data {
        // Member by member, not through a `[String: Any]`: boxing, sorting and casting every value
        // cost about 5% of a drain's CPU. A job `JSONText` cannot write takes the reference path.
        guard var bytes = handEncoded() else { return encodedThroughDictionary() }
        bytes.append(0x0a)
        return Data(bytes)
    }

    package func write(into writer: inout RecordWriter) {
        writer.member("attempts", attempts)
        writer.member("expires_at", expiresAt.map { Timestamp.iso8601($0) })
        writer.member("failure_reason", failureReason)
        writer.member("id", id)
        writer.member("issued_at", issuedAt.map { Timestamp.iso8601($0) })
        writer.member("job", object: job)
        writer.member("message_date", messageDate.map { Timestamp.iso8601($0) })
        writer.member("next_attempt_at", nextAttemptAt.map { Timestamp.iso8601($0) })
        writer.member("received_at", Timestamp.iso8601(receivedAt))
        writer.member("record_version", 1)
        if replays > 0 { writer.member("replays", replays) }
        writer.member("requeued_at", requeuedAt.map { Timestamp.iso8601($0) })
        writer.member("seed", seed)
    }

    /// `encoded()` through a dictionary and `JSONText` (itself `JSONSerialization`'s bytes): the
    /// reference the member-by-member writing is tested against, and its fall-back.
    func encodedThroughDictionary() -> Data {
        var object: [String: Any] = ["record_version": 1, "id": id, "job": job, "received_at": Timestamp.iso8601(receivedAt)]
        object["seed"] = seed
        object["issued_at"] = issuedAt.map { Timestamp.iso8601($0) }
        object["expires_at"] = expiresAt.map { Timestamp.iso8601($0) }
        object["message_date"] = messageDate.map { Timestamp.iso8601($0) }
        object["next_attempt_at"] = nextAttemptAt.map { Timestamp.iso8601($0) }
        object["failure_reason"] = failureReason
        if replays > 0 { object["replays"] = replays }
        object["requeued_at"] = requeuedAt.map { Timestamp.iso8601($0) }
        object["attempts"] = attempts.map { attempt -> [String: Any] in
            [
                "at": Timestamp.iso8601(attempt.at, fractional: true), "outcome": attempt.outcome, "code": attempt.code,
                "reply": attempt.reply, "phase": attempt.phase, "duration_ms": attempt.durationMilliseconds,
                "possible_duplicate": attempt.possibleDuplicate,
            ]
        }
        return JSONText.data(object) + Data("\n".utf8)
    }
}

extension Attempt: HandEncodedRecord {
    package func write(into writer: inout RecordWriter) {
        writer.member("at", Timestamp.iso8601(at, fractional: true))
        writer.member("code", code)
        writer.member("duration_ms", durationMilliseconds)
        writer.member("outcome", outcome)
        writer.member("phase", phase)
        writer.member("possible_duplicate", possibleDuplicate)
        writer.member("reply", reply)
    }
}
