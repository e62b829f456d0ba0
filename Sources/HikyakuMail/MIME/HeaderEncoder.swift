// HeaderEncoder.swift — writes header fields: RFC 2047 B-encoded words for non-ASCII, folded lines, CRLF.
import Foundation

/// Turns a header name and value into finished, folded header lines.
///
/// Non-ASCII text becomes RFC 2047 B encoded-words (a UTF-8 word but the last never padded, a Q
/// word where that needs one; see `utf8Words`): each at most 75 characters, cut only between
/// grapheme clusters (between scalars only if one cluster alone is too long for a word, never inside
/// a UTF-8 sequence), one line per word joined by CRLF + space, and no line holding an encoded-word
/// longer than 76. In ISO-2022-JP each word is a complete sequence ending in `ESC ( B`. ASCII text is
/// folded at whitespace to 78 columns where it can be, never beyond 998. Never emits a bare CR or LF.
public enum HeaderEncoder {
    /// The longest encoded-word RFC 2047 allows.
    public static let maxEncodedWordLength = 75
    /// The longest line RFC 2047 allows when it holds an encoded-word.
    static let maxEncodedLineLength = 76
    /// The line length RFC 5322 asks for.
    public static let preferredLineLength = 78
    /// The line length RFC 5322 requires.
    public static let maxLineLength = 998

    /// The complete header field `name: value`, folded, ending in CRLF.
    ///
    /// `value` is unstructured text (a subject, an `X-` value): control characters in it (CR and LF
    /// included) become spaces first. It is B-encoded in `charset` when it holds non-ASCII, holds
    /// `=?`, or could not be folded under 998 columns; otherwise it is folded ASCII.
    /// Throws `MIMEError.unrepresentable` (field = lowercased `name`) if `charset` cannot carry it.
    public static func encode(name: String, value: String, charset: MIMECharset) throws(MIMEError) -> String {
        let text = sanitized(value)
        if !needsEncoding(text) {
            let lines = foldASCII("\(name): \(text)")
            if lines.allSatisfy({ $0.utf8.count <= maxLineLength }) { return joined(lines) }
        }
        let words = try encodedWords(
            for: text, charset: charset, field: name.lowercased(),
            firstLimit: firstWordLimit(name))
        return joined(pack(name: name, tokens: words))
    }

    /// `text` as RFC 2047 B encoded-words in `charset`, in order, each at most `firstLimit` (the
    /// first) or 75 (the rest) characters long. Decoding and concatenating them gives `text` back
    /// (NFC-normalised for ISO-2022-JP). Throws `MIMEError.unrepresentable` naming `field`.
    public static func encodedWords(
        for text: String, charset: MIMECharset, field: String,
        firstLimit: Int = maxEncodedWordLength
    ) throws(MIMEError) -> [String] {
        switch charset {
        case .utf8: return utf8Words(text, firstLimit: firstLimit)
        case .iso2022JP:
            if let bad = ISO2022JP.unrepresentable(in: text).first {
                throw .unrepresentable(character: bad, field: field, charset: charset)
            }
            return iso2022JPWords(ISO2022JP.nfc(text), firstLimit: firstLimit)
        }
    }

    /// A display name as phrase tokens: one atom run or quoted string for plain ASCII, else encoded-words.
    static func phrase(
        _ name: String, charset: MIMECharset,
        field: String = "display_name"
    ) throws(MIMEError) -> [String] {
        // Plain: ASCII, no "=?", no word over 200 octets; atoms: atext words one space apart.
        var plain = true, isAtoms = true
        var run = 0
        var previous: UInt8 = 0x20
        for b in name.utf8 {
            if b >= 0x80 || (previous == UInt8(ascii: "=") && b == UInt8(ascii: "?")) { plain = false; break }
            if b == 0x20 {
                if previous == 0x20 { isAtoms = false }
                run = 0
            } else {
                run += 1
                if run > 200 { plain = false; break }
                if !isAtext(b) { isAtoms = false }
            }
            previous = b
        }
        guard plain else { return try encodedWords(for: name, charset: charset, field: field) }
        if previous == 0x20 { isAtoms = false }
        if isAtoms { return [name] }
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        quoted.reserveCapacity(name.utf8.count + 8)
        for b in name.utf8 {
            if b == UInt8(ascii: "\\") || b == UInt8(ascii: "\"") { quoted.append(UInt8(ascii: "\\")) }
            quoted.append(b)
        }
        quoted.append(UInt8(ascii: "\""))
        return [String(decoding: quoted, as: UTF8.self)]
    }

    /// The header `name: mailbox` (From, To), folded, ending in CRLF; the name encoded in `charset`.
    ///
    /// A plain ASCII name stays an atom run or quoted string when its lines fold within 78
    /// octets; otherwise it is sent as encoded-words, so only an address longer than 78 octets
    /// can make a line longer.
    static func addressField(
        name: String, mailbox: MailAddress, charset: MIMECharset,
        field: String
    ) throws(MIMEError) -> String {
        guard let display = mailbox.displayName else { return joined(foldASCII("\(name): \(mailbox.address)")) }
        let tokens = try phrase(display, charset: charset, field: field)
        let angle = "<\(mailbox.address)>"
        if tokens.count == 1, !tokens[0].hasPrefix("=?") {
            let lines = foldASCII("\(name): \(tokens[0]) \(angle)")
            // The address itself cannot be folded; a name with no whitespace to fold at can,
            // once encoded, like a subject.
            if lines.allSatisfy({ $0.utf8.count <= preferredLineLength || $0 == " " + angle }) { return joined(lines) }
            let words = try encodedWords(for: display, charset: charset, field: field)
            return joined(pack(name: name, tokens: words + [angle]))
        }
        return joined(pack(name: name, tokens: tokens + [angle]))
    }

    /// `value` with every control character (CR, LF and tab included) and U+2028/2029 replaced by a space.
    static func sanitized(_ value: String) -> String {
        guard hasControlOrLineSeparator(value) else { return value }
        var scalars = String.UnicodeScalarView()
        for s in value.unicodeScalars {
            let category = s.properties.generalCategory
            let breaks = category == .control || category == .lineSeparator || category == .paragraphSeparator
            scalars.append(breaks ? " " : s)
        }
        return String(scalars)
    }

    /// Whether `value` holds a control character (general category Cc: U+0000–U+001F and
    /// U+007F–U+009F) or U+2028/U+2029, read from its UTF-8 bytes.
    static func hasControlOrLineSeparator(_ value: String) -> Bool {
        value.withUTF8Buffer { bytes in
            var previous: UInt8 = 0, beforePrevious: UInt8 = 0
            for b in bytes {
                if b < 0x20 || b == 0x7F { return true }
                if previous == 0xC2 && b >= 0x80 && b <= 0x9F { return true }
                if beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9) { return true }
                beforePrevious = previous
                previous = b
            }
            return false
        }
    }

    static func isAtext(_ b: UInt8) -> Bool {
        atextTable[Int(b)]
    }

    /// RFC 5322 atext by byte: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    private static let atextTable: [Bool] = (0..<256).map { (b: Int) -> Bool in
        let symbols = Array("!#$%&'*+-/=?^_`{|}~".utf8)
        let digit = b >= 0x30 && b <= 0x39
        let letter = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
        return digit || letter || symbols.contains(UInt8(b))
    }

    private static func needsEncoding(_ text: String) -> Bool {
        text.withUTF8Buffer { bytes in
            var previous: UInt8 = 0
            for b in bytes {
                if b >= 0x80 || (previous == UInt8(ascii: "=") && b == UInt8(ascii: "?")) { return true }
                previous = b
            }
            return false
        }
    }

    /// The limit for an encoded-word sharing the first line with `name: `.
    private static func firstWordLimit(_ name: String) -> Int {
        min(maxEncodedWordLength, maxEncodedLineLength - name.utf8.count - 2)
    }
}
