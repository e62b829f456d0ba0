// SMTPTrace.swift — follows one SMTP transaction from the wire log: phase, last reply, and whether it is fresh.
import Foundation

/// What the relay and the client said during one attempt, as far as classification needs it.
///
/// libcurl's `CURLINFO_RESPONSE_CODE` is never reset: after a disconnect it still holds the
/// previous 250 or 354. The trace knows whether the last command actually got a reply.
public struct SMTPTrace: Sendable {
    /// The phase of the last command sent (or `.connect`/`.greeting` before any).
    public private(set) var phase: SMTPPhase = .connect
    /// The last complete reply's code, 0 if none yet.
    public private(set) var lastCode = 0
    /// The last complete reply's text (multi-line replies joined with " / ").
    public private(set) var lastReply = ""
    /// Whether the current phase's command has received its (final) reply.
    public private(set) var replied = false
    private var pendingLines: [String] = []
    /// After QUIT, RSET or NOOP: their replies ("221 Bye") say nothing about this message.
    private var housekeeping = false

    public init() {}

    /// Records a line the client sent (a command). AUTH arguments are never kept.
    public mutating func commandSent(_ line: String) {
        // By scalars: in Swift "\r\n" is one Character, so a bare "DATA\r\n" would never match "DATA".
        let verb = String(String.UnicodeScalarView(line.unicodeScalars.prefix { $0 != " " && $0 != "\r" && $0 != "\n" })).uppercased()
        switch verb {
        case "EHLO", "HELO": phase = .ehlo
        case "STARTTLS": phase = .starttls
        case "AUTH": phase = .auth
        case "MAIL": phase = .mail
        case "RCPT": phase = .rcpt
        case "DATA": phase = .data
        case "QUIT", "RSET", "NOOP":
            housekeeping = true  // not part of this message's outcome
            return
        default: if phase == .connect || phase == .greeting { return }  // continuation of AUTH exchanges etc.
        }
        housekeeping = false
        replied = false
        pendingLines.removeAll()
    }

    /// Records a reply line from the relay ("250-…" continues, "250 …" ends a reply).
    public mutating func replyReceived(_ line: String) {
        let text = line.trimmingCharacters(in: .newlines)
        guard !housekeeping, text.count >= 3, let code = Int(text.prefix(3)) else { return }
        pendingLines.append(text)
        let isLast = text.count == 3 || text[text.index(text.startIndex, offsetBy: 3)] == " "
        guard isLast else { return }
        lastCode = code
        lastReply = pendingLines.joined(separator: " / ")
        pendingLines.removeAll()
        if phase == .connect { phase = .greeting }
        replied = true
    }

    /// The whole message has been handed to libcurl; from now on a lost reply means "maybe delivered".
    public mutating func bodyFinished() {
        guard phase == .data else { return }
        phase = .dot
        replied = false
    }
}
