// InboundClassifier+DeliveryStatus.swift — reads RFC 3464/6522 `message/delivery-status` parts, and builds a recipient's verdict.
import HikyakuBase

extension InboundClassifier {
    /// The report a delivery-status body gives, or nil when it names no recipient.
    static func deliveryStatus(_ text: String) -> InboundReport? {
        var blocks: [[Substring]] = [[]]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.trimmingSpaces.isEmpty {
                if !blocks[blocks.count - 1].isEmpty { blocks.append([]) }
            } else if blocks.count < InboundPart.maxParts {
                blocks[blocks.count - 1].append(line)
            }
        }
        let sections = blocks.map { InboundHeaders(lines: $0) }
        var report = InboundReport()
        report.format = .rfc3464
        for section in sections {
            guard let raw = section.value("Final-Recipient") ?? section.value("Original-Recipient") else { continue }
            let address = InboundText.addresses(in: typed(raw)).first ?? typed(raw)
            guard !address.isEmpty else { continue }
            if let original = section.value("Original-Recipient").flatMap({ InboundText.addresses(in: typed($0)).first }) {
                report.originalRecipients.append(original)
            }
            let action = section.value("Action")?.lowercased().trimmingSpaces
            report.recipients.append(
                recipient(
                    address: address, action: action, status: section.value("Status"),
                    diagnostic: section.value("Diagnostic-Code").map(typed),
                    remoteMTA: section.value("Remote-MTA").map(typed) ?? nil, failed: action != "delayed"))
        }
        guard !report.recipients.isEmpty else { return nil }
        let actions = report.recipients.map { $0.action ?? ($0.status?.hasPrefix("4") == true ? "delayed" : "failed") }
        if actions.contains("failed") {
            report.kind = .bounce
        } else if actions.contains("delayed") {
            report.kind = .delayed
        } else {
            report.kind = .other
        }
        return report
    }

    /// A `type; value` field's value (`rfc822; a@b` → `a@b`, `smtp; 550 …` → `550 …`).
    static func typed(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value.trimmingSpaces }
        let type = value[..<semicolon]
        guard !type.isEmpty, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return value.trimmingSpaces }
        return value[value.index(after: semicolon)...].trimmingSpaces
    }

    /// One recipient's verdict from what the report says about it. `failed` says the delivery
    /// was given up when neither status nor reply code tells.
    static func recipient(
        address: String, action: String?, status rawStatus: String?, diagnostic rawDiagnostic: String?, remoteMTA: String?,
        failed: Bool
    ) -> InboundReport.Recipient {
        let diagnostic = rawDiagnostic.map { Sanitize.line(InboundText.collapsed($0), limit: 1000) }.flatMap { $0.isEmpty ? nil : $0 }
        let replyCode = diagnostic.flatMap(InboundText.replyCode)
        let written = rawStatus.flatMap(InboundText.status)
        let spoken = diagnostic.flatMap(InboundText.status)
        // A report's own "X.0.0" says less than the remote MTA's words.
        let status = written.map { $0.hasSuffix(".0.0") ? (spoken ?? $0) : $0 } ?? spoken
        let permanent =
            action == "delayed" ? false : status.map { $0.hasPrefix("5") } ?? replyCode.map { $0.hasPrefix("5") } ?? failed
        let fromStatus = status.flatMap(BounceReason.from(status:))
        let fromText = diagnostic.flatMap(BounceReason.from(text:))
        let softer: Set<BounceReason> = [.mailboxfull, .suspend, .filtered, .blocked, .spamdetected, .mesgtoobig]
        var reason: BounceReason
        // Generic status classes say less than the words; soft words overrule a hard status.
        let generic: Set<BounceReason> = [.networkerror, .systemerror, .policyviolation, .securityerror]
        if let fromStatus, let fromText, fromStatus.isHard ? softer.contains(fromText) : generic.contains(fromStatus) {
            reason = fromText
        } else {
            reason = fromStatus ?? fromText ?? .undefined
        }
        if ["delivered", "relayed", "expanded"].contains(action ?? "") { reason = .delivered }
        if action == "failed", !permanent, reason == .undefined || reason == .networkerror { reason = .expired }
        let afterData = diagnostic?.lowercased().contains("end of data") == true
        if reason == .userunknown, afterData || JapaneseCarriers.contains(address) { reason = .filtered }
        return InboundReport.Recipient(
            address: address, action: action, status: status, replyCode: replyCode,
            hard: permanent && reason.isHard && reason != .delivered, reason: reason,
            remoteMTA: remoteMTA.flatMap { $0.isEmpty ? nil : Sanitize.line($0, limit: 255) }, diagnostic: diagnostic)
    }
}
