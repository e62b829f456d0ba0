// SuppressionFormat.swift — how `hikyaku suppression` prints: aligned text for people, one JSON document for scripts.
import Foundation
import HikyakuBase
import HikyakuTokens

/// The suppression commands' output. `list` and `held` mask addresses (a shared screen, a pasted
/// ticket); `show` names the address the operator gave.
public enum SuppressionFormat {
    /// The `list` (or `held`) table, or a line saying the list is empty.
    public static func listText(_ entries: [SuppressionEntry], now: Date) -> String {
        guard !entries.isEmpty else { return "no suppressed addresses" }
        let header = ["ADDRESS", "STATE", "SCOPE", "SOURCE", "COUNT", "LAST", "EXPIRES", "REASON"]
        let rows = entries.map { entry in
            [
                RecipientMask.mask(entry.address), entry.state(at: now).rawValue, entry.scope.rawValue, entry.source.rawValue,
                String(entry.count), Timestamp.iso8601(entry.last), entry.expires.map { Timestamp.iso8601($0) } ?? "-",
                Sanitize.line(entry.reason + (entry.status.map { " (\($0))" } ?? ""), limit: 80),
            ]
        }
        return OperatorFormat.table([header] + rows).joined(separator: "\n")
    }

    /// The `list --json` document: `{"count":n,"entries":[{…}]}`, addresses masked.
    public static func listJSON(_ entries: [SuppressionEntry], now: Date) -> String {
        OperatorFormat.json(
            ["count": .int(entries.count), "entries": .array(entries.map { .object(object($0, now: now, masked: true)) })])
    }

    /// One entry, field by field, for `show`.
    public static func showText(_ entry: SuppressionEntry, now: Date) -> String {
        var rows: [[String]] = [
            ["address", Sanitize.line(entry.address, limit: 320)], ["state", entry.state(at: now).rawValue],
            ["scope", entry.scope.rawValue], ["source", entry.source.rawValue], ["reason", Sanitize.line(entry.reason, limit: 200)],
        ]
        if let status = entry.status { rows.append(["status", status]) }
        rows += [["first", Timestamp.iso8601(entry.first)], ["last", Timestamp.iso8601(entry.last)], ["count", String(entry.count)]]
        if let job = entry.job { rows.append(["job", Sanitize.line(job, limit: 200)]) }
        if let expires = entry.expires { rows.append(["expires", Timestamp.iso8601(expires)]) }
        if entry.days > 0 { rows.append(["period", "\(entry.days)d (doubles on a repeat, at most a year)"]) }
        if !entry.softFailures.isEmpty {
            rows.append(["soft failures", entry.softFailures.map { Timestamp.iso8601($0) }.joined(separator: ", ")])
        }
        return OperatorFormat.table(rows.map { [$0[0] + ":", $0[1]] }).joined(separator: "\n")
    }

    /// One entry as `show --json` prints it.
    public static func showJSON(_ entry: SuppressionEntry, now: Date) -> String {
        OperatorFormat.json(.object(object(entry, now: now, masked: false)))
    }

    /// An entry's JSON object; `masked` masks the address.
    static func object(_ entry: SuppressionEntry, now: Date, masked: Bool) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "address": .string(masked ? RecipientMask.mask(entry.address) : entry.address), "state": .string(entry.state(at: now).rawValue),
            "scope": .string(entry.scope.rawValue), "source": .string(entry.source.rawValue), "reason": .string(entry.reason),
            "first": .string(Timestamp.iso8601(entry.first)), "last": .string(Timestamp.iso8601(entry.last)), "count": .int(entry.count),
            "days": .int(entry.days), "held": .bool(entry.held), "soft_failures": .int(entry.softFailures.count),
        ]
        object["status"] = entry.status.map(JSONValue.string) ?? .null
        object["job"] = entry.job.map(JSONValue.string) ?? .null
        object["expires"] = entry.expires.map { .string(Timestamp.iso8601($0)) } ?? .null
        return object
    }

    /// What `check` prints: `sendable`, or `suppressed: <summary>`; with `json`,
    /// `{"sendable":true}` or `{"sendable":false,"reason":"suppressed: …",…}`.
    public static func check(_ entry: SuppressionEntry?, json: Bool) -> String {
        guard let entry else { return json ? OperatorFormat.json(["sendable": .bool(true)]) : "sendable" }
        let reason = SuppressionList.reason(for: entry)
        guard json else { return reason }
        return OperatorFormat.json([
            "sendable": .bool(false), "reason": .string(reason), "scope": .string(entry.scope.rawValue),
            "source": .string(entry.source.rawValue), "status": entry.status.map(JSONValue.string) ?? .null,
            "since": .string(Timestamp.iso8601(entry.first)), "until": entry.expires.map { .string(Timestamp.iso8601($0)) } ?? .null,
        ])
    }

    /// `status`'s line: `suppression: 3 active, 1 notices only, 0 held, 2 expired`.
    public static func countsText(_ counts: SuppressionCounts) -> String {
        var text = "suppression: \(counts.active) active, \(counts.notices) notices only, \(counts.held) held, \(counts.expired) expired"
        if counts.held > 0 { text += " (hikyaku suppression held)" }
        if counts.unreadable > 0 { text += ", \(counts.unreadable) unreadable" }
        return text
    }

    /// `status --json`'s `"suppression"` member.
    public static func countsJSON(_ counts: SuppressionCounts) -> JSONValue {
        .object([
            "active": .int(counts.active), "notices": .int(counts.notices), "held": .int(counts.held), "expired": .int(counts.expired),
            "counting": .int(counts.counting), "unreadable": .int(counts.unreadable),
        ])
    }
}
