// MIMEMessage+Encoding.swift — writes the message as CRLF wire bytes: headers, preamble, two parts.
import Foundation
import HikyakuBase

extension MIMEMessage {
    /// The whole message as bytes: CRLF line ends only, no line over 998 octets, header lines
    /// folded to 78 (76 with encoded-words) where they can be.
    ///
    /// Headers, in order: Date, From, To, Subject, Message-ID, MIME-Version, Content-Type,
    /// Content-Language, Auto-Submitted, then `extraHeaders`. With `.iso2022JP` the subject and
    /// display names are ISO-2022-JP encoded-words and the text part is `charset=ISO-2022-JP` 7bit;
    /// the HTML part stays UTF-8 (HTML readers all handle it, and a `<meta charset>` can say so).
    /// Throws `MIMEError` for a bad boundary, Message-ID, Content-Language or extra header name, a
    /// character `charset` cannot carry (field "subject", "from_name", "to_name" or "text"), or a
    /// text line that starts with the boundary delimiter.
    public func encoded() throws(MIMEError) -> [UInt8] {
        try validate()
        var head: [UInt8] = []
        head.reserveCapacity(1024)
        func add(_ text: String) { head.append(contentsOf: text.utf8) }
        add("Date: ")
        add(MIMEMessage.rfc5322Date(date, in: timeZone))
        add("\r\n")
        add(try HeaderEncoder.addressField(name: "From", mailbox: from, charset: charset, field: "from_name"))
        add(try HeaderEncoder.addressField(name: "To", mailbox: to, charset: charset, field: "to_name"))
        add(try HeaderEncoder.encode(name: "Subject", value: subject, charset: charset))
        add("Message-ID: <")
        add(messageID)
        add(">\r\nMIME-Version: 1.0\r\n")
        add(
            HeaderEncoder.joined(
                HeaderEncoder.foldASCII(
                    "Content-Type: multipart/alternative; boundary=\"\(boundary)\"")))
        add("Content-Language: ")
        add(contentLanguage)
        add("\r\nAuto-Submitted: auto-generated\r\n")
        for (name, value) in extraHeaders {
            add(try HeaderEncoder.encode(name: name, value: value, charset: .utf8))
        }

        let textBody =
            charset == .iso2022JP
            ? try BodyEncoder.encode(iso2022JPText: text, field: "text")
            : BodyEncoder.encode(utf8Text: text)
        let htmlBody = BodyEncoder.encode(utf8Text: html)
        let delimiter = Array("--\(boundary)".utf8)
        if Self.hasLine(startingWith: delimiter, in: textBody.bytes) { throw .boundaryCollision(boundary: boundary, part: "text") }
        if Self.hasLine(startingWith: delimiter, in: htmlBody.bytes) { throw .boundaryCollision(boundary: boundary, part: "html") }

        let preamble = "\r\nThis is a multi-part message in MIME format.\r\n"
        let textHead = partHead(type: "text/plain", charset: charset, body: textBody)
        let htmlHead = partHead(type: "text/html", charset: .utf8, body: htmlBody)
        let close = "\r\n--\(boundary)--\r\n"
        var out: [UInt8] = []
        out.reserveCapacity(
            head.count + preamble.utf8.count + textHead.utf8.count + textBody.bytes.count
                + htmlHead.utf8.count + htmlBody.bytes.count + close.utf8.count)
        out += head
        out.append(contentsOf: preamble.utf8)
        out.append(contentsOf: textHead.utf8)
        out += textBody.bytes
        out.append(contentsOf: htmlHead.utf8)
        out += htmlBody.bytes
        out.append(contentsOf: close.utf8)
        return out
    }

    /// `date` as RFC 5322 date-time in `zone`: `Sat, 21 Nov 2026 21:05:00 +0900` (English names,
    /// Gregorian calendar, whatever the process locale).
    public static func rfc5322Date(_ date: Date, in zone: TimeZone) -> String {
        let seconds = zone.secondsFromGMT(for: date)
        let offset = seconds / 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let zoneText = (offset < 0 ? "-" : "+") + two(abs(offset) / 60) + two(abs(offset) % 60)
        let c: Timestamp.WallClock
        if let fields = Timestamp.wallClock(date, offset: seconds) {
            c = fields
        } else {
            // Before 1900 or after 9998: the calendar's own reading (Julian dates, eras).
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let d = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
            c = Timestamp.WallClock(
                year: d.year!, month: d.month!, day: d.day!, hour: d.hour!, minute: d.minute!,
                second: d.second!, weekday: d.weekday!)
        }
        return "\(days[c.weekday - 1]), \(two(c.day)) \(months[c.month - 1]) \(c.year) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) \(zoneText)"
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// One body part's head: delimiter, Content-Type, Content-Transfer-Encoding, blank line.
    private func partHead(type: String, charset: MIMECharset, body: BodyEncoder.EncodedBody) -> String {
        "\r\n--\(boundary)\r\n"
            + "Content-Type: \(type); charset=\(charset.rawValue)\r\n"
            + "Content-Transfer-Encoding: \(body.transferEncoding.rawValue)\r\n\r\n"
    }

    /// Whether a line of `body` (split at LF) starts with `delimiter` (`--boundary`, which holds no LF).
    static func hasLine(startingWith delimiter: [UInt8], in body: [UInt8]) -> Bool {
        body.withUnsafeBufferPointer { (body: UnsafeBufferPointer<UInt8>) -> Bool in
            guard let base = body.baseAddress else { return false }
            return delimiter.withUnsafeBufferPointer { (delimiter: UnsafeBufferPointer<UInt8>) -> Bool in
                var lineStart = 0
                while true {
                    if body.count - lineStart >= delimiter.count,
                        memcmp(base + lineStart, delimiter.baseAddress!, delimiter.count) == 0
                    {
                        return true
                    }
                    guard lineStart < body.count, let end = memchr(base + lineStart, 0x0A, body.count - lineStart) else {
                        return false
                    }
                    lineStart = base.distance(to: end.assumingMemoryBound(to: UInt8.self)) + 1
                }
            }
        }
    }
}
