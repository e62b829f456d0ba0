// OperatorFormat.swift — how the operator's commands print: aligned text for people, one JSON document for scripts.
import Foundation
import HikyakuBase
import HikyakuSpool

/// Shared pieces of the operator commands' output.
public enum OperatorFormat {
    /// `value` as one line of JSON with sorted keys (the `--json` document); `{}` if it holds a
    /// non-finite double.
    public static func json(_ value: JSONValue) -> String {
        JSONText.string(value) ?? "{}"
    }

    /// Rows padded into columns (two spaces apart); the last column is not padded.
    public static func table(_ rows: [[String]]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() where index < columns - 1 { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index < row.count - 1 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) : cell
            }.joined(separator: "  ")
        }
    }

    /// One line of untrusted text, control characters escaped, at most `limit` characters.
    static func line(_ text: String?, limit: Int = 120) -> String {
        text.map { Sanitize.line($0, limit: limit) } ?? "-"
    }

    /// One job's line for `list`: the masked recipient, attempts, age, and what ended or delays
    /// it — a failed job's own reason (superseded, expired, rate_limited, the refusal), else
    /// the last reply — with any address in it masked.
    static func listRow(_ entry: SpoolEntry, now: Date, wide: Bool) -> [String] {
        [
            entry.id, entry.state.rawValue, line(entry.kind, limit: 20), line(entry.locale, limit: 8),
            entry.recipient.map(RecipientMask.mask) ?? "-", String(entry.attemptCount),
            TimeSpan.format(now.timeIntervalSince(entry.receivedAt)), nextAttempt(entry, now: now),
            line(shownReason(entry).map { RecipientMask.maskAddresses(in: $0) }, limit: wide ? 4000 : 80),
        ]
    }

    /// When a deferred job is tried again, as "in 4m" ("due" once past); "-" for other states.
    static func nextAttempt(_ entry: SpoolEntry, now: Date) -> String {
        guard entry.state == .deferred, let next = entry.record?.nextAttemptAt else { return "-" }
        let wait = next.timeIntervalSince(now)
        return wait <= 0 ? "due" : "in " + TimeSpan.format(wait)
    }

    /// What `list` shows of why a job is where it is: a failed job's reason, else its last reply.
    static func shownReason(_ entry: SpoolEntry) -> String? {
        if entry.state == .bounced, let note = entry.record?.inbound.last(where: \.isHardBounce) { return bounceLine(note) }
        guard entry.state == .failed || entry.state == .corrupt else { return entry.lastReply }
        return entry.record?.failureReason ?? entry.reason?.trimmingCharacters(in: .newlines) ?? entry.lastReply
    }

    /// A verified hard bounce as `list` and `show` print it: "bounced: 5.1.1 userunknown (inbound NAME)".
    static func bounceLine(_ note: InboundNote) -> String {
        "bounced: \(note.status ?? "-") \(note.reason) (inbound \(note.message))"
    }

    /// The `list` table, or a line saying nothing matched.
    /// On a terminal a long reply is cut at 80 characters with "…"; `wide` (stdout is a pipe or
    /// a file, where a script reads it) prints it whole.
    public static func listText(_ entries: [SpoolEntry], now: Date, wide: Bool = false) -> String {
        guard !entries.isEmpty else { return "no jobs" }
        let header = ["ID", "STATE", "KIND", "LOCALE", "TO", "ATT", "AGE", "NEXT", "REPLY OR REASON"]
        return table([header] + entries.map { listRow($0, now: now, wide: wide) }).joined(separator: "\n")
    }

    /// The `list --json` document: `{"count":n,"jobs":[{…}]}`.
    public static func listJSON(_ entries: [SpoolEntry], now: Date) -> String {
        // One formatter for every row: making one costs more than the rest of a row.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return json(["count": .int(entries.count), "jobs": .array(entries.map { .object(listObject($0, now: now, formatter: formatter)) })])
    }

    /// One job of `list --json`: like its text row, recipient masked; times as `Timestamp.iso8601`.
    static func listObject(_ entry: SpoolEntry, now: Date, formatter: ISO8601DateFormatter) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "id": .string(entry.id), "state": .string(entry.state.rawValue), "attempts": .int(entry.attemptCount),
            "age_seconds": .int(Int(max(0, now.timeIntervalSince(entry.receivedAt)))),
            "received_at": .string(formatter.string(from: entry.receivedAt)),
            "last_activity": .string(formatter.string(from: entry.lastActivity)),
        ]
        object["kind"] = entry.kind.map(JSONValue.string)
        object["login_id"] = entry.loginID.map { .string(Sanitize.line($0, limit: 200)) }
        if entry.state == .deferred { object["next_attempt_at"] = entry.record?.nextAttemptAt.map { .string(formatter.string(from: $0)) } }
        object["locale"] = entry.locale.map(JSONValue.string)
        object["to"] = entry.recipient.map { .string(RecipientMask.mask($0)) }
        object["last_reply"] = entry.lastReply.map { .string(Sanitize.line(RecipientMask.maskAddresses(in: $0), limit: 400)) }
        object["reason"] = ([.failed, .corrupt, .bounced].contains(entry.state) ? shownReason(entry) : nil).map {
            .string(Sanitize.line(RecipientMask.maskAddresses(in: $0), limit: 400))
        }
        return object
    }

    /// The summary line: how many were done, and how many met each problem.
    public static func summary(verb: String, _ results: [(id: String, action: JobAction)]) -> String {
        var done = 0
        var others: [String: Int] = [:]
        for result in results {
            switch result.action {
            case .done: done += 1
            default: others[result.action.json["result"]?.stringValue ?? "error", default: 0] += 1
            }
        }
        let tail = others.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.replacingOccurrences(of: "_", with: " "))" }
        return "\(verb) \(done) of \(results.count)" + (tail.isEmpty ? "" : ": " + tail.joined(separator: ", "))
    }

    /// The `--json` document of replay, flush, hold or release.
    public static func actionsJSON(verb: String, _ results: [(id: String, action: JobAction)]) -> String {
        let done = results.filter { if case .done = $0.action { return true } else { return false } }.count
        let jobs = results.map { result -> JSONValue in
            var object = result.action.json
            object["id"] = .string(result.id)
            return .object(object)
        }
        return json(["action": .string(verb), "done": .int(done), "total": .int(results.count), "jobs": .array(jobs)])
    }
}
