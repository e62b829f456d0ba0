// SMTPTrace.swift — follows one SMTP transaction from the wire log: phase, last reply, and whether it is fresh.

/// What the relay and the client said during one attempt, as far as classification needs it.
///
/// libcurl's `CURLINFO_RESPONSE_CODE` is never reset: after a disconnect it still holds the
/// previous 250 or 354. The trace knows whether the last command actually got a reply.
///
/// Lines are read as bytes (`SMTPTrace+Bytes.swift`): libcurl's debug callback hands over every
/// line of every transfer, so nothing here allocates except the reply text it keeps.
public struct SMTPTrace: Sendable {
    /// The phase of the last command sent (or `.connect`/`.greeting` before any).
    public private(set) var phase: SMTPPhase = .connect
    /// The last complete reply's code, 0 if none yet.
    public private(set) var lastCode = 0
    /// The last complete reply's text (multi-line replies joined with " / ").
    public private(set) var lastReply = ""
    /// Whether the current phase's command has received its (final) reply.
    public private(set) var replied = false
    /// The lines of the reply being read so far, already joined with " / " (UTF-8).
    private var pendingReply: [UInt8] = []
    /// After QUIT, RSET or NOOP: their replies ("221 Bye") say nothing about this message.
    private var housekeeping = false

    public init() {}

    /// Records a line the client sent (a command). AUTH arguments are never kept.
    public mutating func commandSent(_ line: String) {
        commandSent(bytes: line.utf8)
    }

    /// Records a reply line from the relay ("250-…" continues, "250 …" ends a reply).
    public mutating func replyReceived(_ line: String) {
        replyReceived(bytes: line.utf8)
    }

    /// `commandSent` for the line's bytes (a trailing CR, LF or CRLF is allowed). The verb — the
    /// bytes before the first space, CR or LF — is compared with the known verbs ignoring ASCII case.
    public mutating func commandSent<Line: Collection<UInt8>>(bytes line: Line) {
        let verb = line.prefix { $0 != UInt8(ascii: " ") && $0 != 0x0D && $0 != 0x0A }
        switch SMTPVerb(verb) {
        case .ehlo: phase = .ehlo
        case .starttls: phase = .starttls
        case .auth: phase = .auth
        case .mail: phase = .mail
        case .rcpt: phase = .rcpt
        case .data: phase = .data
        case .housekeeping:
            housekeeping = true  // not part of this message's outcome
            return
        case nil: if phase == .connect || phase == .greeting { return }  // continuation of AUTH exchanges etc.
        }
        housekeeping = false
        replied = false
        pendingReply.removeAll(keepingCapacity: true)
    }

    /// `replyReceived` for the line's bytes. CR and LF (and VT, FF) at either end are ignored; a
    /// line that does not start with three ASCII digits is not a reply line and is ignored.
    public mutating func replyReceived<Line: BidirectionalCollection<UInt8>>(bytes line: Line) {
        guard !housekeeping else { return }
        let text = SMTPTrace.trimmingLineBreaks(line)
        guard let code = SMTPTrace.replyCode(text) else { return }
        if !pendingReply.isEmpty { pendingReply.append(contentsOf: " / ".utf8) }
        pendingReply.append(contentsOf: text)
        // "250-…" continues the reply, "250 …" (or a bare "250") ends it.
        let separator = text.dropFirst(3).first
        guard separator == nil || separator == UInt8(ascii: " ") else { return }
        lastCode = code
        lastReply = String(decoding: pendingReply, as: UTF8.self)
        pendingReply.removeAll(keepingCapacity: true)
        if phase == .connect { phase = .greeting }
        replied = true
    }

    /// libcurl has written the whole message; the final "." follows. From the moment it is written,
    /// a lost reply means "maybe delivered" (the classifier tells a "." never written apart).
    public mutating func bodyFinished() {
        guard phase == .data else { return }
        phase = .dot
        replied = false
    }
}
