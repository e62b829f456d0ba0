// InboundInventory+Format.swift — `inbound list` and `inbound show` as text for people and as one JSON document.
import Foundation
import HikyakuBase
import HikyakuSpool

extension InboundInventory.Entry {
    /// The first recipient masked, with how many more: `n****@example.net +2`.
    var shownRecipient: String? {
        guard let first = recipients.first?["address"]?.stringValue else { return nil }
        return RecipientMask.mask(first) + (recipients.count > 1 ? " +\(recipients.count - 1)" : "")
    }

    /// Why the message is where it is: the first recipient's reason (`userunknown (hard)`), the
    /// quarantine reason, or `truncated`.
    var shownReason: String? {
        if let reason { return RecipientMask.maskAddresses(in: reason) }
        if let first = recipients.first, let reason = first["reason"]?.stringValue {
            return reason + (first["hard"]?.boolValue == true ? " (hard)" : "")
        }
        return name.isTruncated ? "truncated" : nil
    }

    /// The `list --json` object.
    var listObject: [String: JSONValue] {
        var object: [String: JSONValue] = [
            "name": .string(name.stem), "state": .string(state.rawValue), "received": .string(Timestamp.iso8601(name.received)),
            "size": .int(size), "source": .string(name.source.rawValue), "truncated": .bool(name.isTruncated),
        ]
        object["kind"] = kind.map { .string(Sanitize.line($0, limit: 40)) }
        object["format"] = format.map { .string(Sanitize.line($0, limit: 40)) }
        object["recipient"] = shownRecipient.map(JSONValue.string)
        object["recipients"] = .int(recipients.count)
        object["reason"] = shownReason.map { .string(Sanitize.line($0, limit: 400)) }
        object["job"] = job.map { .string(Sanitize.line($0, limit: 80)) }
        return object
    }

    /// The stored report with every address masked and URLs cut from diagnostics.
    var maskedReport: JSONValue? {
        guard var report else { return nil }
        report["recipients"] = .array(
            recipients.map { recipient in
                var recipient = recipient
                if let address = recipient["address"]?.stringValue { recipient["address"] = .string(RecipientMask.mask(address)) }
                if let words = recipient["diagnostic"]?.stringValue {
                    recipient["diagnostic"] = .string(Sanitize.line(InboundRedaction.redact(words, digits: false), limit: 1000))
                }
                return .object(recipient)
            })
        return .object(report)
    }
}

extension InboundInventory {
    /// The `inbound list` table (times in `zone`), or a line saying there is nothing.
    package static func listText(_ entries: [Entry], zone: DisplayZone) -> String {
        guard !entries.isEmpty else { return "no inbound messages" }
        let header = ["NAME", "RECEIVED", "STATE", "KIND", "FORMAT", "TO", "REASON", "JOB"]
        let rows = entries.map { entry in
            [
                entry.name.stem, zone.string(entry.name.received), entry.state.rawValue, OperatorFormat.line(entry.kind, limit: 20),
                OperatorFormat.line(entry.format, limit: 20), entry.shownRecipient ?? "-",
                OperatorFormat.line(entry.shownReason, limit: 80), OperatorFormat.line(entry.job, limit: 64),
            ]
        }
        return OperatorFormat.table([header] + rows).joined(separator: "\n")
    }

    /// The `inbound list --json` document: `{"count":n,"messages":[{…}]}`.
    package static func listJSON(_ entries: [Entry]) -> String {
        OperatorFormat.json(["count": .int(entries.count), "messages": .array(entries.map { .object($0.listObject) })])
    }

    /// `inbound show`: the entry, its report (addresses masked), then the redacted message.
    package func showText(_ entry: Entry, zone: DisplayZone) -> String {
        var rows: [[String]] = [
            ["name", entry.name.stem], ["state", entry.state.rawValue + "/"], ["received", zone.string(entry.name.received)],
            ["source", entry.name.source.rawValue], ["size", "\(entry.size) bytes" + (entry.name.isTruncated ? " (truncated)" : "")],
        ]
        if let reason = entry.reason { rows.append(["reason", Sanitize.line(RecipientMask.maskAddresses(in: reason), limit: 400)]) }
        if let report = entry.maskedReport?.objectValue {
            rows.append(["kind", "\(OperatorFormat.line(entry.kind, limit: 20)) (\(OperatorFormat.line(entry.format, limit: 20)))"])
            let original = report["original"]?.objectValue
            rows.append([
                "original",
                OperatorFormat.line(original?["message_id"]?.stringValue, limit: 200) + " (job "
                    + OperatorFormat.line(original?["job"]?.stringValue, limit: 64) + ")",
            ])
            rows.append(["tag", report["tag"]?.objectValue?["present"]?.boolValue == true ? "present (not verified)" : "none"])
            if let feedback = report["feedback_type"]?.stringValue { rows.append(["feedback", Sanitize.line(feedback, limit: 40)]) }
            for recipient in report["recipients"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
                let fields = ["address", "action", "status", "reply_code"].map {
                    OperatorFormat.line(recipient[$0]?.stringValue, limit: 200)
                }
                let verdict =
                    (recipient["hard"]?.boolValue == true ? "hard " : "soft ") + OperatorFormat.line(recipient["reason"]?.stringValue)
                rows.append([
                    "recipient", (fields + [verdict, OperatorFormat.line(recipient["remote_mta"]?.stringValue)]).joined(separator: "  "),
                ])
                if let words = recipient["diagnostic"]?.stringValue { rows.append(["", words]) }
            }
        }
        var lines = OperatorFormat.table(rows.map { [$0[0].isEmpty ? "" : $0[0] + ":", $0[1]] })
        let view = message(entry)
        lines.append("--- message (links, codes and addresses redacted) ---")
        if let problem = view.problem { lines.append(Sanitize.line(problem, limit: 400)) }
        lines += view.headers.map { "\($0.name): \($0.value)" }
        for (index, part) in view.parts.enumerated() {
            lines.append("--- part \(index + 1): \(part.type)" + (part.depth > 1 ? " (depth \(part.depth))" : "") + " ---")
            lines += part.headers.map { "\($0.name): \($0.value)" }
            if let text = part.text { lines.append(text) }
        }
        return lines.joined(separator: "\n")
    }

    /// The `inbound show --json` document.
    package func showJSON(_ entry: Entry) -> String {
        var object = entry.listObject
        object["report"] = entry.maskedReport ?? .null
        object["processed"] = entry.record?["processed"] ?? .null
        let view = message(entry)
        let headers: ([InboundMessageView.Header]) -> JSONValue = { list in
            .array(list.map { .object(["name": .string($0.name), "value": .string($0.value)]) })
        }
        object["message"] = .object([
            "headers": headers(view.headers), "problem": view.problem.map(JSONValue.string) ?? .null,
            "parts": .array(
                view.parts.map { part in
                    .object([
                        "type": .string(part.type), "depth": .int(part.depth), "headers": headers(part.headers),
                        "text": part.text.map(JSONValue.string) ?? .null,
                    ])
                }),
        ])
        return OperatorFormat.json(.object(object))
    }
}
