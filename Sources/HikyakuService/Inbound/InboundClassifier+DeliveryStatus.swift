// InboundClassifier+DeliveryStatus.swift — reads RFC 3464/6522 `message/delivery-status` parts, and builds a recipient's verdict.
import HikyakuBase

extension InboundClassifier {
    /// The report a delivery-status body gives, or nil when it names no recipient. `notice` is
    /// the report's human-readable part: what it says about a recipient fills a missing
    /// `Diagnostic-Code` (Exim writes "Unrouteable address" only there) and names the SMTP
    /// command the remote MTA answered.
    static func deliveryStatus(_ text: String, notice: String = "") -> InboundReport? {
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
        let said = failedAddresses(notice, excluding: [])
        let recipientCount = sections.filter { $0.value("Final-Recipient") ?? $0.value("Original-Recipient") != nil }.count
        for section in sections {
            guard let raw = section.value("Final-Recipient") ?? section.value("Original-Recipient") else { continue }
            let address = InboundText.addresses(in: typed(raw)).first ?? typed(raw)
            guard !address.isEmpty else { continue }
            if let original = section.value("Original-Recipient").flatMap({ InboundText.addresses(in: typed($0)).first }) {
                report.originalRecipients.append(original)
            }
            let action = section.value("Action")?.lowercased().trimmingSpaces
            let words = said.first { $0.0.caseInsensitiveCompare(address) == .orderedSame }?.1
            let diagnostic = section.value("Diagnostic-Code").map(typed).flatMap { $0.isEmpty ? nil : $0 } ?? words
            let command = words.flatMap(smtpCommand) ?? (recipientCount == 1 ? smtpCommand(notice) : nil)
            report.recipients.append(
                recipient(
                    address: address, action: action, status: section.value("Status"), diagnostic: diagnostic,
                    remoteMTA: section.value("Remote-MTA").map(typed) ?? nil, failed: action != "delayed", command: command))
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
    /// was given up when neither status nor reply code tells; `command` is the SMTP command the
    /// remote MTA answered (`DATA`, `RCPT`, `MAIL`), when the report says.
    static func recipient(
        address: String, action: String?, status rawStatus: String?, diagnostic rawDiagnostic: String?, remoteMTA: String?,
        failed: Bool, command: String? = nil
    ) -> InboundReport.Recipient {
        let diagnostic = rawDiagnostic.map { Sanitize.line(InboundText.collapsed($0), limit: 1000) }.flatMap { $0.isEmpty ? nil : $0 }
        let replyCode = diagnostic.flatMap(InboundText.replyCode)
        let written = rawStatus.flatMap(InboundText.status)
        let spoken = diagnostic.flatMap(InboundText.status)
        // A report's own "X.0.0" says less than the remote MTA's words.
        let status = written.map { $0.hasSuffix(".0.0") ? (spoken ?? $0) : $0 } ?? spoken
        let permanent =
            action == "delayed" ? false : status.map { $0.hasPrefix("5") } ?? replyCode.map { $0.hasPrefix("5") } ?? failed
        var reason = reason(status: status, diagnostic: diagnostic)
        if ["delivered", "relayed", "expanded"].contains(action ?? "") { reason = .delivered }
        if reason == .undefined && (action == "delayed" || (action == "failed" && !permanent)) { reason = .expired }
        if action == "failed", !permanent, reason == .networkerror { reason = .expired }
        // "Unknown user" from a Japanese carrier is its domain filter; after DATA it is a content
        // filter's answer, unless the status itself says the mailbox does not exist (X.1.1).
        let lowered = diagnostic?.lowercased() ?? ""
        let afterData = command == "DATA" || lowered.contains("end of data") || lowered.contains("after data")
        let carrier = JapaneseCarriers.contains(address) || remoteMTA.map(JapaneseCarriers.isCarrierHost) == true
        let saysNoMailbox = status?.hasSuffix(".1.1") == true
        if reason == .userunknown, carrier || (afterData && !saysNoMailbox) { reason = .filtered }
        // At MAIL FROM the refusal is about the sender; at RCPT, Outlook.com's "mailbox unavailable" means no such mailbox.
        if reason == .userunknown, command == "MAIL", !saysNoMailbox { reason = .rejected }
        if command == "RCPT", reason == .undefined || reason == .syntaxerror, lowered.contains("mailbox unavailable") {
            reason = carrier ? .filtered : .userunknown
        }
        return InboundReport.Recipient(
            address: address, action: action, status: status, replyCode: replyCode,
            hard: permanent && reason.isHard && reason != .delivered, reason: reason,
            remoteMTA: remoteMTA.flatMap { $0.isEmpty ? nil : Sanitize.line($0, limit: 255) }, diagnostic: diagnostic)
    }

    /// The reason a status code and the remote MTA's words give together: a generic status
    /// class says less than the words; soft words overrule a hard status; hard words name the
    /// hard reason more exactly than a hard status (`5.1.10` "RecipientNotFound" is userunknown).
    static func reason(status: String?, diagnostic: String?) -> BounceReason {
        let fromStatus = status.flatMap(BounceReason.from(status:))
        let fromText = diagnostic.map(InboundText.withoutAddresses).flatMap(BounceReason.from(text:))
        let softer: Set<BounceReason> = [
            .mailboxfull, .suspend, .filtered, .blocked, .spamdetected, .virusdetected, .mesgtoobig, .exceedlimit, .rejected,
            .norelaying, .networkerror, .expired,
        ]
        let generic: Set<BounceReason> = [.networkerror, .systemerror, .policyviolation, .securityerror, .expired, .syntaxerror]
        if let fromStatus, let fromText,
            fromStatus.isHard ? softer.contains(fromText) || fromText.isHard : generic.contains(fromStatus)
        {
            return fromText
        }
        return fromStatus ?? fromText ?? .undefined
    }
}
