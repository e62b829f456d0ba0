// InboundClassifier+Transcript.swift — what a bounce's text says about each address, and which SMTP command failed.

extension InboundClassifier {
    /// Labels before an address that name the sender or the message, not a failed recipient.
    static let senderLabels: Set<String> = ["from", "reply-to", "sender", "return-path", "message-id", "差出人", "送信者", "送信元"]

    /// The addresses a bounce text lists as failed, each with the words said about it: a line
    /// that starts with the address (`<a@b>:`, `a@b`, Exchange's `#550` lines) or with a short
    /// label and then the address (`宛先: a@b`, `Recipient: a@b`), and the lines after it up to
    /// a blank line (a blank line after the address alone, or after a line ending in a colon,
    /// as Domino writes "because:", does not end it).
    static func failedAddresses(_ body: String, excluding own: Set<String>) -> [(String, String?)] {
        var lines: [String] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).prefix(2000) {
            let lowered = line.lowercased()
            if copyMarkers.contains(where: { lowered.contains($0) }) || lowered.hasPrefix("received: ") { break }
            lines.append(line.trimmingSpaces)
        }
        var found: [(address: String, words: [String], before: String?)] = []
        var current: Int?
        var previous: String?  // the line before, when no address owns it (Notes writes the reason first)
        for line in lines {
            defer { previous = current == nil && !line.isEmpty ? line : nil }
            guard !line.isEmpty else {
                if let index = current, !found[index].words.allSatisfy({ $0.hasSuffix(":") || $0.hasSuffix("：") }) { current = nil }
                continue
            }
            var stripped = Substring(line).drop { $0 == "<" || $0 == "#" }
            if let label = labelled(stripped) {
                guard !senderLabels.contains(label.name) else {
                    current = nil
                    continue
                }
                stripped = label.rest
            }
            if let address = InboundText.addresses(in: String(stripped.prefix(320))).first, stripped.hasPrefix(address) {
                let rest = stripped.dropFirst(address.count).drop { ">:.(), ".contains($0) }
                let key = address.lowercased()
                guard !own.contains(key) else { continue }
                if let index = found.firstIndex(where: { $0.address.lowercased() == key }) {
                    current = index
                } else if found.count < 100 {
                    found.append((address, [], previous))
                    current = found.count - 1
                } else {
                    current = nil
                }
                if let current, !rest.isEmpty, !rest.hasPrefix("mailto:") { found[current].words.append(String(rest)) }
            } else if let current, found[current].words.count < 8 {
                found[current].words.append(line)
            }
        }
        // Sendmail and MDaemon put the reply in the transcript, on a line that names the address;
        // Gmail and others, with one recipient, below it ("The error that the other server returned was:").
        return found.map { entry in
            var words = (entry.words.isEmpty ? entry.before.map { [$0] } ?? [] : entry.words).joined(separator: " ")
            if InboundText.replyCode(words) == nil,
                let index = lines.firstIndex(where: { $0.contains(entry.address) && isFailureReply($0) })
                    ?? (found.count == 1 ? lines.firstIndex(where: isFailureReply) : nil)
            {
                let reply = lines[index...].prefix(3).prefix { !$0.isEmpty }.joined(separator: " ")
                words += (words.isEmpty ? "" : " ") + reply
            }
            return (entry.address, words.isEmpty ? nil : words)
        }
    }

    /// `宛先: rest` → ("宛先", rest): a label of at most 24 characters, no digits, no `@`, before a colon.
    static func labelled(_ line: Substring) -> (name: String, rest: Substring)? {
        guard let colon = line.prefix(25).firstIndex(where: { $0 == ":" || $0 == "：" }), colon > line.startIndex else { return nil }
        let name = line[..<colon]
        guard !name.contains("@"), !name.contains(where: \.isNumber) else { return nil }
        return (name.trimmingSpaces.lowercased(), line[line.index(after: colon)...].drop { $0 == " " || $0 == "<" || $0 == "\t" })
    }

    /// Whether `line` carries a 4xx or 5xx SMTP reply (not a 2xx or 3xx one).
    static func isFailureReply(_ line: String) -> Bool {
        guard let code = InboundText.replyCode(line) else { return false }
        return code.hasPrefix("4") || code.hasPrefix("5")
    }

    /// The SMTP command a remote MTA's failure answered (`DATA`, `RCPT`, `MAIL`), as a bounce's
    /// text tells it: Postfix's "(in reply to end of DATA command)", Exim's "after RCPT TO:",
    /// or a transcript's last `>>>`/`-->` command before the first 4xx/5xx `<<<`/`<--` reply.
    static func smtpCommand(_ text: String) -> String? {
        let lowered = InboundText.collapsed(text.prefix(20_000).lowercased())
        let spoken: [(String, String)] = [
            ("in reply to end of data", "DATA"), ("in reply to data", "DATA"), ("after end of data", "DATA"), ("after data", "DATA"),
            ("in reply to rcpt to", "RCPT"), ("after rcpt to", "RCPT"), ("[rcpt_to]", "RCPT"), ("in reply to mail from", "MAIL"),
            ("after mail from", "MAIL"),
        ]
        if let (_, command) = spoken.first(where: { lowered.contains($0.0) }) { return command }
        var last: String?
        var commandFollows = false  // m-FILTER: "-------SMTP command", then the command alone
        for line in text.prefix(20_000).split(separator: "\n") {
            let line = line.lowercased()
            if commandFollows, let word = line.split(separator: " ").first {
                return word.hasPrefix("rcpt") ? "RCPT" : word.hasPrefix("mail") ? "MAIL" : word.hasPrefix("data") ? "DATA" : nil
            }
            commandFollows = line.hasPrefix("-------smtp command")
            if let range = line.range(of: ">>> ") ?? line.range(of: "--> ") {
                let sent = line[range.upperBound...].trimmingSpaces
                if sent.hasPrefix("rcpt") {
                    last = "RCPT"
                } else if sent.hasPrefix("mail") {
                    last = "MAIL"
                } else if sent.hasPrefix("data") || sent == "." {
                    last = "DATA"
                }
            } else if line.contains("<<< ") || line.contains("<-- "), isFailureReply(String(line)) {
                return last
            }
        }
        return nil
    }
}
