// InboundClassifier+Replies.swift — RFC 5965 ARF complaints and RFC 3834 auto-replies (with the usual out-of-office forms).
import HikyakuBase

extension InboundClassifier {
    /// Subject openings of out-of-office replies (lowercased).
    static let autoReplySubjects = [
        "out of office", "out of the office", "automatic reply", "auto reply", "autoreply", "auto-reply", "auto:",
        "auto response", "autoresponse", "vacation", "away from", "abwesenheit", "absence", "自動応答", "自動返信", "不在",
    ]

    /// The complaint an ARF `message/feedback-report` part makes, about the recipients it names.
    static func complaint(_ text: String, original: InboundHeaders?) -> InboundReport {
        let fields = InboundHeaders(lines: text.split(separator: "\n").map { $0.hasSuffix("\r") ? $0.dropLast() : $0 })
        var report = InboundReport()
        report.kind = .complaint
        report.format = .arf
        report.feedbackType = fields.value("Feedback-Type").map { $0.lowercased().trimmingSpaces }
        report.tagPresent = fields.values("Original-Mail-From").contains(where: hasTag)
        report.tagAddresses = fields.values("Original-Mail-From").compactMap(InboundText.address(inField:)).filter(hasPlus)
        var addresses = fields.values("Original-Rcpt-To").compactMap(InboundText.address(inField:))
        if addresses.isEmpty { addresses = (original?.values("To") ?? []).flatMap(InboundText.addresses(in:)) }
        for address in addresses.prefix(100) {
            report.recipients.append(
                InboundReport.Recipient(
                    address: address, action: nil, status: nil, replyCode: nil, hard: false, reason: .feedback, remoteMTA: nil,
                    diagnostic: nil))
        }
        return report
    }

    /// The auto-reply `message` is, or nil: `Auto-Submitted: auto-replied`, the `X-Autoreply`
    /// family, or an out-of-office subject.
    static func autoReply(_ message: InboundPart) -> InboundReport? {
        let headers = message.headers
        let submitted = headers.value("Auto-Submitted")?.lowercased() ?? ""
        let subject = headers.value("Subject") ?? ""
        let lowered = subject.lowercased().trimmingSpaces
        let flagged =
            submitted.hasPrefix("auto-replied") || headers.value("X-Autoreply") != nil || headers.value("X-Autorespond") != nil
            || headers.value("X-Autoresponder") != nil || headers.value("X-Vacation") != nil
        let bySubject = autoReplySubjects.contains { lowered.hasPrefix($0) || lowered.contains("[" + $0) || lowered.contains($0 + ":") }
        guard flagged || bySubject else { return nil }
        // A mailer daemon's notice is a bounce that reads as no other, never a holiday reply.
        let from = headers.value("From")?.lowercased() ?? ""
        guard !from.contains("mailer-daemon"), !from.contains("postmaster") else { return nil }
        var report = InboundReport()
        report.kind = .autoReply
        report.format = .rfc3834
        if let from = headers.value("From").flatMap(InboundText.address(inField:)) {
            report.recipients.append(
                InboundReport.Recipient(
                    address: from, action: nil, status: nil, replyCode: nil, hard: false, reason: .vacation, remoteMTA: nil,
                    diagnostic: subject.isEmpty ? nil : Sanitize.line(InboundText.collapsed(subject), limit: 1000)))
        }
        return report
    }
}
