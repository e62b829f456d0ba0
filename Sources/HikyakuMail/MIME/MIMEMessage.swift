// MIMEMessage.swift — one notification mail: addresses, subject, text and HTML, and how they are sent.
import Foundation
import HikyakuBase

/// A multipart/alternative message (text/plain then text/html), ready to encode to wire bytes.
///
/// Everything that varies between runs is supplied by the caller (date, Message-ID, boundary), so
/// encoding the same value twice gives the same bytes: a retried job sends an identical message.
/// The encoder never writes a Bcc header and never reads files.
public struct MIMEMessage: Sendable {
    /// The From mailbox (its display name is encoded in `charset`).
    public var from: MailAddress
    /// The To mailbox, the only recipient named in the headers.
    public var to: MailAddress
    /// The subject; control characters become spaces.
    public var subject: String
    /// The instant written in the Date header.
    public var date: Date
    /// The zone the Date header is written in, e.g. Asia/Tokyo → `+0900`.
    public var timeZone: TimeZone
    /// The Message-ID without angle brackets, e.g. `job123.abcd@example.jp`.
    public var messageID: String
    /// The Content-Language value: `ja`, `en` or `ja, en`.
    public var contentLanguage: String
    /// The text/plain part; any line endings (made CRLF).
    public var text: String
    /// The text/html part; always sent as UTF-8, whatever `charset` is.
    public var html: String
    /// The multipart boundary, stable per job; see `boundary(seed:)`.
    public var boundary: String
    /// The charset of the subject, display names and text part.
    public var charset: MIMECharset
    /// Headers added after the standard ones, e.g. `("X-Hikyaku-Job", id)`. Values are sanitised of
    /// CR/LF and encoded in UTF-8 if not ASCII; names the encoder owns (and Bcc) are refused.
    public var extraHeaders: [(String, String)]

    /// Makes a message; nothing is checked until `encoded()`.
    public init(
        from: MailAddress, to: MailAddress, subject: String, date: Date, timeZone: TimeZone,
        messageID: String, contentLanguage: String, text: String, html: String,
        boundary: String, charset: MIMECharset = .utf8, extraHeaders: [(String, String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.timeZone = timeZone
        self.messageID = messageID
        self.contentLanguage = contentLanguage
        self.text = text
        self.html = html
        self.boundary = boundary
        self.charset = charset
        self.extraHeaders = extraHeaders
    }

    /// Header names the encoder writes itself or never writes; extra headers may not use them.
    public static let reservedHeaderNames: Set<String> = [
        "date", "from", "to", "cc", "bcc", "resent-bcc", "subject", "message-id", "mime-version",
        "content-type", "content-transfer-encoding", "content-language", "auto-submitted",
    ]

    /// A boundary derived from `seed` (e.g. the job ID): `=_hk_` + 16 hex digits of FNV-1a 64.
    ///
    /// It starts with `=_`, which base64 and quoted-printable output can never contain, so it cannot
    /// collide with an encoded part. (7bit ISO-2022-JP text is checked at encoding time instead.)
    public static func boundary(seed: String) -> String {
        let hex = String(FNV1a.hash(seed), radix: 16)
        return "=_hk_" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The characters of `text` that `charset` cannot carry exactly, each once, in order of first
    /// appearance (always empty for UTF-8). Use it to report every bad character at once.
    public static func unrepresentable(in text: String, charset: MIMECharset) -> [Character] {
        charset.unrepresentable(in: text)
    }
}
