// InboundClassifier.swift — classifies one inbound message (bounce, delay, complaint, auto-reply) without touching state.
import Foundation
import HikyakuBase

/// Reads one inbound message and says what it is: RFC 3464/6522 delivery-status reports first,
/// then RFC 5965 ARF complaints, then the text bounces of MTAs that send no DSN, then RFC 3834
/// auto-replies; anything else is `other`. Pure: no files, no clock, no state.
package enum InboundClassifier {
    /// The report for the message in `bytes`; throws only for a file that is not a mail or is too large.
    package static func classify(_ bytes: [UInt8]) throws(InboundError) -> InboundReport {
        let message = try InboundPart.parse(bytes)
        let parts = message.all
        var report = InboundReport()
        if let status = parts.first(where: { $0.type == "message/delivery-status" || $0.type == "message/global-delivery-status" }),
            let dsn = deliveryStatus(status.text, notice: bodyText(message))
        {
            report = dsn
        } else if let feedback = parts.first(where: { $0.type == "message/feedback-report" }) {
            report = complaint(feedback.text, original: originalHeaders(message))
        } else if let bounce = textBounce(message, strongOnly: true) {
            report = bounce
        } else if let reply = autoReply(message) {
            report = reply
        } else if let bounce = textBounce(message, strongOnly: false) {
            report = bounce
        }
        let original = originalHeaders(message)
        report.originalMessageID = (original?.value("Message-ID")).flatMap(messageID) ?? inlineMessageID(message)
        report.originalJob = report.originalMessageID.flatMap(job(fromMessageID:))
        let envelope =
            ["To", "Delivered-To", "X-Original-To", "Envelope-To"].flatMap { message.headers.values($0) }
            + (original?.values("Return-Path") ?? [])
        report.tagPresent = report.tagPresent || envelope.contains(where: hasTag)
        report.tagAddresses += envelope.flatMap(InboundText.addresses(in:)).filter(hasPlus)
        return report
    }

    /// `classify(_:)`, then the tag verified under `keys` at `now` (`InboundReport.verifyTag`);
    /// with nil keys (no server secret) `tag.valid` is false. Still touches no state.
    package static func classify(_ bytes: [UInt8], keys: ReturnPathKeys?, now: Date) throws(InboundError) -> InboundReport {
        var report = try classify(bytes)
        report.verifyTag(keys: keys, now: now)
        return report
    }

    /// The header section of the original message the report carries, if any.
    static func originalHeaders(_ message: InboundPart) -> InboundHeaders? {
        let carriers = ["message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers"]
        return message.all.first { carriers.contains($0.type) && !$0.children.isEmpty }?.children[0].headers
    }

    /// `<id>` without brackets and spaces, or nil when empty.
    static func messageID(_ value: String) -> String? {
        let trimmed = value.trimmingSpaces
        let inner = trimmed.split(separator: "<").last.map { $0.split(separator: ">").first.map(String.init) ?? "" } ?? trimmed
        let id = inner.trimmingSpaces
        return id.isEmpty || id.count > 998 ? nil : id
    }

    /// A `Message-ID:` line quoted in the text of a bounce that carries no original part.
    static func inlineMessageID(_ message: InboundPart) -> String? {
        for line in bodyText(message).split(separator: "\n") {
            let trimmed = line.trimmingSpaces
            guard trimmed.lowercased().hasPrefix("message-id:") else { continue }
            return messageID(String(trimmed.dropFirst("message-id:".count)))
        }
        return nil
    }

    /// The hikyaku job a Message-ID names: `MailComposer` writes `<job id>.<hex hash>@<domain>`.
    package static func job(fromMessageID id: String) -> String? {
        guard let at = id.lastIndex(of: "@"), let dot = id[..<at].lastIndex(of: ".") else { return nil }
        let job = String(id[..<dot])
        let hash = id[id.index(after: dot)..<at]
        guard JobID.isValid(job), !hash.isEmpty, hash.allSatisfy(\.isHexDigit) else { return nil }
        return job
    }

    /// Whether `address` has a `+` in its local part (it may carry a tag).
    static func hasPlus(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return false }
        return address[..<at].contains("+")
    }

    /// Whether `value` holds an address of the VERP shape `bounce…+TAG@domain`.
    static func hasTag(_ value: String) -> Bool {
        guard let address = InboundText.addresses(in: value).first, let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        guard let plus = local.firstIndex(of: "+") else { return false }
        return local[..<plus].lowercased().hasPrefix("bounce") && local.index(after: plus) < at
    }
}
