// MIMEMessage+Encoding.swift — writes the message as CRLF wire bytes: headers, preamble, two parts.
import Foundation

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
        var head = ""
        head += "Date: \(MIMEMessage.rfc5322Date(date, in: timeZone))\r\n"
        head += try HeaderEncoder.addressField(name: "From", mailbox: from, charset: charset, field: "from_name")
        head += try HeaderEncoder.addressField(name: "To", mailbox: to, charset: charset, field: "to_name")
        head += try HeaderEncoder.encode(name: "Subject", value: subject, charset: charset)
        head += "Message-ID: <\(messageID)>\r\n"
        head += "MIME-Version: 1.0\r\n"
        head += HeaderEncoder.joined(HeaderEncoder.foldASCII(
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\""))
        head += "Content-Language: \(contentLanguage)\r\n"
        head += "Auto-Submitted: auto-generated\r\n"
        for (name, value) in extraHeaders {
            head += try HeaderEncoder.encode(name: name, value: value, charset: .utf8)
        }

        let textBody = charset == .iso2022JP
            ? try BodyEncoder.encode(iso2022JPText: text, field: "text")
            : BodyEncoder.encode(utf8Text: text)
        let htmlBody = BodyEncoder.encode(utf8Text: html)
        try checkCollision(textBody.bytes, part: "text")
        try checkCollision(htmlBody.bytes, part: "html")

        var out = Array(head.utf8)
        out += Array("\r\nThis is a multi-part message in MIME format.\r\n".utf8)
        out += part(type: "text/plain", charset: charset, body: textBody)
        out += part(type: "text/html", charset: .utf8, body: htmlBody)
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        return out
    }

    /// `date` as RFC 5322 date-time in `zone`: `Sat, 21 Nov 2026 21:05:00 +0900` (English names,
    /// Gregorian calendar, whatever the process locale).
    public static func rfc5322Date(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let offset = zone.secondsFromGMT(for: date) / 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let zoneText = (offset < 0 ? "-" : "+") + two(abs(offset) / 60) + two(abs(offset) % 60)
        return "\(days[c.weekday! - 1]), \(two(c.day!)) \(months[c.month! - 1]) \(c.year!) "
            + "\(two(c.hour!)):\(two(c.minute!)):\(two(c.second!)) \(zoneText)"
    }

    /// One body part: delimiter, Content-Type, Content-Transfer-Encoding, blank line, body.
    private func part(type: String, charset: MIMECharset, body: BodyEncoder.EncodedBody) -> [UInt8] {
        let head = "\r\n--\(boundary)\r\n"
            + "Content-Type: \(type); charset=\(charset.rawValue)\r\n"
            + "Content-Transfer-Encoding: \(body.transferEncoding.rawValue)\r\n\r\n"
        return Array(head.utf8) + body.bytes
    }

    /// Throws `boundaryCollision` if a line of `body` starts with `--boundary`.
    private func checkCollision(_ body: [UInt8], part: String) throws(MIMEError) {
        let delimiter = Array("--\(boundary)".utf8)
        var lineStart = 0
        for i in 0...body.count where i == body.count || body[i] == 0x0A {
            if body[lineStart..<i].starts(with: delimiter) {
                throw .boundaryCollision(boundary: boundary, part: part)
            }
            lineStart = i + 1
        }
    }
}
