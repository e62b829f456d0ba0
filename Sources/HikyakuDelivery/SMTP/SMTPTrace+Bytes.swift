// SMTPTrace+Bytes.swift — the wire log read as bytes: chunks split at LF, reply codes and verbs parsed in place.

extension SMTPTrace {
    /// Records one chunk of libcurl's debug output: every line in it (split at LF; a last line
    /// without LF counts too, empty lines are skipped) as a command when `outgoing`, else as a
    /// reply line. Reads the bytes in place: the debug callback sees every line of every transfer.
    public mutating func record(chunk: UnsafeRawBufferPointer, outgoing: Bool) {
        var start = chunk.startIndex
        while start < chunk.endIndex {
            let end = chunk[start...].firstIndex(of: 0x0A) ?? chunk.endIndex
            // The LF stays with its line, as the String entry points accept it.
            let stop = end < chunk.endIndex ? end + 1 : end
            let line = chunk[start..<stop]
            if end > start {
                if outgoing { commandSent(bytes: line) } else { replyReceived(bytes: line) }
            }
            start = stop
        }
    }

    /// `line` without the line breaks (CR, LF, VT, FF) at either end.
    static func trimmingLineBreaks<Line: BidirectionalCollection<UInt8>>(_ line: Line) -> Line.SubSequence {
        let isBreak = { (byte: UInt8) in byte >= 0x0A && byte <= 0x0D }
        var text = line[...]
        while let first = text.first, isBreak(first) { text.removeFirst() }
        while let last = text.last, isBreak(last) { text.removeLast() }
        return text
    }

    /// The reply code of a reply line: its first three bytes as ASCII digits, else nil.
    static func replyCode<Text: Collection<UInt8>>(_ text: Text) -> Int? {
        var code = 0
        var digits = 0
        for byte in text.prefix(3) {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            code = code * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits == 3 ? code : nil
    }
}

/// The commands the trace tells apart; nil for any other verb.
enum SMTPVerb {
    case ehlo, starttls, auth, mail, rcpt, data
    /// QUIT, RSET or NOOP.
    case housekeeping

    private static let names: [(name: StaticString, verb: SMTPVerb)] = [
        ("EHLO", .ehlo), ("HELO", .ehlo), ("STARTTLS", .starttls), ("AUTH", .auth), ("MAIL", .mail),
        ("RCPT", .rcpt), ("DATA", .data), ("QUIT", .housekeeping), ("RSET", .housekeeping), ("NOOP", .housekeeping),
    ]

    /// The verb `bytes` names, compared ignoring ASCII case, without allocating.
    init?<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        let count = bytes.count
        for entry in SMTPVerb.names where entry.name.utf8CodeUnitCount == count {
            // The names are all letters, so setting bit 5 lower-cases both sides (and maps no
            // other byte onto a lower-case letter).
            let name = UnsafeBufferPointer(start: entry.name.utf8Start, count: count)
            if zip(bytes, name).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                self = entry.verb
                return
            }
        }
        return nil
    }
}
