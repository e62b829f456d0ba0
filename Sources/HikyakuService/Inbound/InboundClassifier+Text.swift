// InboundClassifier+Text.swift — bounces without a DSN part: qmail, Exim, Postfix/Sendmail, Exchange, Gmail, carriers.

extension InboundClassifier {
    /// Phrases only a bounce's text carries (lowercased).
    static let strongMarkers = [
        "this is the qmail-send program", "created automatically by mail delivery software", "this is the mail system at host",
        "delivery has failed to these recipients", "had permanent fatal errors", "your message wasn't delivered",
        "i'm afraid i wasn't able to deliver", "delivery to the following recipient", "message could not be delivered",
        "could not be delivered to one or more", "couldn't be delivered", "undeliverable", "the following address(es) failed",
        "delivery to the following recipients failed", "address not found", "unable to deliver",
        "permanent fatal delivery errors", "was not delivered to:", "could not be delivered to the following",
        "transcript of session follows", "had delivery problems", "did not reach the following recipient",
        "diagnostic information for administrators", "technical details of permanent failure", "could not be delivered because of",
        "this report relates to a message you sent", "------- failure reasons", "this is the mailer-daemon, please do not reply",
        "hello, this is the mail server on", "this message could not be delivered", "automatically generated message from sendgrid",
        "your message could not be sent", "automatically generated delivery status notification",
        "sorry, we were unable to deliver your message", "message not delivered", "-------server message",
        "配信できませんでした", "送信できませんでした", "届きませんでした", "宛先不明",
    ]
    /// Subjects and senders that say "bounce" when the text is less explicit.
    static let weakMarkers = [
        "mailer-daemon", "postmaster@", "returned mail", "mail delivery failed", "delivery status notification", "failure notice",
        "delivery failure", "undelivered mail", "mail delivery system", "nondeliverable", "配信不能", "エラー",
    ]
    /// Phrases of a warning that delivery is only late.
    static let delayMarkers = [
        "delayed mail", "(delay)", "still being retried", "could not send message for past", "this is a warning message only",
        "will continue trying", "delivery delayed", "delivery is delayed", "has been delayed", "will be retried",
    ]
    /// Lines after which the bounce quotes the original message.
    static let copyMarkers = [
        "below this line is a copy", "this is a copy of the message", "original message follows", "----- original message",
        "content of the original message", "------ this is a copy", "original message headers",
        "message headers follow", "------- returned message", "-------original message", "-------original mail info", "元のメッセージ", "元のメール",
    ]

    /// The report for a text bounce, or nil when the message does not read as one. With
    /// `strongOnly`, only the body's own bounce phrases count; otherwise subject and sender too.
    static func textBounce(_ message: InboundPart, strongOnly: Bool) -> InboundReport? {
        let body = bodyText(message)
        let lowered = body.lowercased()
        let subject = (message.headers.value("Subject") ?? "").lowercased()
        let from = (message.headers.value("From") ?? "").lowercased()
        let strong = strongMarkers.contains { lowered.contains($0) || subject.contains($0) }
        let weak = weakMarkers.contains { subject.contains($0) || from.contains($0) }
        guard strong || (!strongOnly && weak) else { return nil }
        let delayed = delayMarkers.contains { lowered.contains($0) || subject.contains($0) }
        var report = InboundReport()
        report.kind = delayed ? .delayed : .bounce
        report.format = .text
        let ownAddresses = Set(
            ["From", "To", "Reply-To"].compactMap { message.headers.value($0).flatMap(InboundText.address(inField:))?.lowercased() })
        let bodyCommand = smtpCommand(body)
        for (address, diagnostic) in failedAddresses(body, excluding: ownAddresses) {
            report.recipients.append(
                recipient(
                    address: address, action: delayed ? "delayed" : "failed", status: nil, diagnostic: diagnostic,
                    remoteMTA: diagnostic.flatMap(InboundText.remoteHost), failed: !delayed,
                    command: diagnostic.flatMap(smtpCommand) ?? bodyCommand))
        }
        // No address in the text: Exim's and Gmail's X-Failed-Recipients, else the original's To.
        let failedHeader = message.headers.values("X-Failed-Recipients").flatMap(InboundText.addresses(in:))
        let fallback =
            failedHeader.isEmpty ? originalHeaders(message)?.value("To").flatMap(InboundText.address(inField:)).map { [$0] } : failedHeader
        if report.recipients.isEmpty, let fallback {
            // The first 4xx/5xx reply in a transcript says more than the text around it.
            let reply = body.split(separator: "\n").prefix(2000).first { isFailureReply(String($0)) }.map(String.init)
            let excerpt = reply ?? String(body.prefix(2000))
            for address in fallback.prefix(100) {
                report.recipients.append(
                    recipient(
                        address: address, action: delayed ? "delayed" : "failed", status: nil, diagnostic: excerpt,
                        remoteMTA: InboundText.remoteHost(excerpt), failed: !delayed, command: bodyCommand))
            }
        }
        return report
    }

    /// The readable text of the message itself: its text parts, not the original it quotes.
    static func bodyText(_ message: InboundPart) -> String {
        var texts: [String] = []
        func walk(_ part: InboundPart) {
            if part.type.hasPrefix("message/") || part.type == "text/rfc822-headers" { return }
            if part.children.isEmpty {
                // A multipart left unsplit (no usable boundary, or too deep) is read as text.
                if part.type == "text/plain" || part.type.hasPrefix("multipart/") { texts.append(part.text) }
                if part.type == "text/html" { texts.append(stripTags(part.text)) }
            }
            part.children.forEach(walk)
        }
        walk(message)
        return String(texts.joined(separator: "\n").prefix(65_536))
    }

    /// HTML made readable enough to scan: tags become line breaks, common entities decoded.
    static func stripTags(_ html: String) -> String {
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
                out.append("\n")
            } else if !inTag {
                out.append(character)
            }
        }
        return out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&amp;", with: "&")
    }
}
