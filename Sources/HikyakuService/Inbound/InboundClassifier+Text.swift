// InboundClassifier+Text.swift — bounces without a DSN part: qmail, Exim, Postfix/Sendmail, Exchange, Gmail, carriers.

extension InboundClassifier {
    /// Phrases only a bounce's text carries (lowercased).
    static let strongMarkers = [
        "this is the qmail-send program", "created automatically by mail delivery software", "this is the mail system at host",
        "delivery has failed to these recipients", "had permanent fatal errors", "your message wasn't delivered",
        "i'm afraid i wasn't able to deliver", "delivery to the following recipient", "message could not be delivered",
        "could not be delivered to one or more", "couldn't be delivered", "undeliverable", "the following address(es) failed",
        "delivery to the following recipients failed", "address not found", "unable to deliver",
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
        for (address, diagnostic) in failedAddresses(body, excluding: ownAddresses) {
            report.recipients.append(
                recipient(
                    address: address, action: delayed ? "delayed" : "failed", status: nil, diagnostic: diagnostic,
                    remoteMTA: diagnostic.flatMap(InboundText.remoteHost), failed: !delayed))
        }
        if report.recipients.isEmpty, let to = originalHeaders(message)?.value("To").flatMap(InboundText.address(inField:)) {
            let excerpt = String(body.prefix(2000))
            report.recipients.append(
                recipient(
                    address: to, action: delayed ? "delayed" : "failed", status: nil, diagnostic: excerpt,
                    remoteMTA: InboundText.remoteHost(excerpt), failed: !delayed))
        }
        return report
    }

    /// The addresses a bounce text lists as failed, each with the words said about it.
    static func failedAddresses(_ body: String, excluding own: Set<String>) -> [(String, String?)] {
        var lines: [String] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).prefix(2000) {
            let lowered = line.lowercased()
            if copyMarkers.contains(where: { lowered.contains($0) }) || lowered.hasPrefix("received: ") { break }
            lines.append(line.trimmingSpaces)
        }
        var found: [(address: String, words: [String])] = []
        var current: Int?
        for line in lines {
            guard !line.isEmpty else {
                current = nil
                continue
            }
            let stripped = line.drop { $0 == "<" || $0 == "#" }
            if let address = InboundText.addresses(in: String(stripped.prefix(320))).first, stripped.hasPrefix(address) {
                let rest = stripped.dropFirst(address.count).drop { ">:.(), ".contains($0) }
                let key = address.lowercased()
                guard !own.contains(key) else { continue }
                if let index = found.firstIndex(where: { $0.address.lowercased() == key }) {
                    current = index
                } else if found.count < 100 {
                    found.append((address, []))
                    current = found.count - 1
                } else {
                    current = nil
                }
                if let current, !rest.isEmpty, !rest.hasPrefix("mailto:") { found[current].words.append(String(rest)) }
            } else if let current, found[current].words.count < 8 {
                found[current].words.append(line)
            }
        }
        // Sendmail puts the reply in the transcript, on a line that names the address.
        return found.map { entry in
            var words = entry.words.joined(separator: " ")
            if InboundText.replyCode(words) == nil,
                let line = lines.first(where: { $0.contains(entry.address) && InboundText.replyCode($0) != nil })
            {
                words += (words.isEmpty ? "" : " ") + line
            }
            return (entry.address, words.isEmpty ? nil : words)
        }
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
