// MIMECharset.swift — the charsets a message's text may be sent in.
import Foundation

/// The charset of the subject, display names and text part.
///
/// `.utf8` is the default and can carry any text. `.iso2022JP` is for old Japanese readers: it is
/// strict RFC 1468 (ASCII, JIS X 0201 Roman, JIS X 0208 rows 1-8 and 16-84 only), so characters
/// outside JIS X 0208 (﨑, ①, emoji, half-width kana, ...) are refused, never substituted.
public enum MIMECharset: String, Sendable, CaseIterable {
    /// UTF-8: headers B-encoded, bodies quoted-printable or base64.
    case utf8 = "UTF-8"
    /// ISO-2022-JP: headers B-encoded, the text part sent as 7bit JIS.
    case iso2022JP = "ISO-2022-JP"

    /// The characters of `text` that this charset cannot carry exactly, each once, in order of
    /// first appearance. Line breaks count as representable; ISO-2022-JP text is NFC-normalised first.
    public func unrepresentable(in text: String) -> [Character] {
        switch self {
        case .utf8: return []
        case .iso2022JP: return ISO2022JP.unrepresentable(in: text)
        }
    }
}
