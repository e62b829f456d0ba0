// ISO2022JP.swift — strict RFC 1468 ISO-2022-JP on top of Foundation's Microsoft-flavoured codec.
import Foundation

/// Converts text to ISO-2022-JP bytes that any strict decoder turns back into the same text.
///
/// Foundation's `.iso2022JP` behaves like Microsoft's CP50220 (measured with Swift 6.3 on Linux):
/// - it writes NEC row 13 (①, Ⅰ, №, ㈱, ㍻ ...) which strict decoders (Python, RFC 1468) reject;
/// - it knows six JIS X 0208 characters only by their CP932 aliases (～ U+FF5E for 〜 U+301C,
///   － U+FF0D for − U+2212, ∥ U+2225 for ‖ U+2016, ￠ ￡ ￢ for ¢ £ ¬), and refuses the standard ones;
/// - it silently drops default-ignorable code points (ZWJ, BOM, soft hyphen, variation selectors),
///   and hangs or traps on some of them next to other text, so they are refused before it is called;
/// - it refuses 﨑, 髙, emoji, accented Latin and half-width kana (returns nil; `?` if lossy);
/// - its decoder returns nil for some valid inputs over about 1 KB (e.g. 510 kanji in a row).
/// So every conversion maps the six standard characters to their aliases, then checks the bytes for
/// row 13 and decodes them back: anything that does not return scalar for scalar is unrepresentable.
/// Text is converted in pieces of at most `pieceLength` characters to keep under the decoder's limit.
/// Lines of ASCII and JIS X 0208 characters only are laid out from a table learned through this
/// same path (`ISO2022JP+Table.swift`), with the bytes Foundation writes for them.
enum ISO2022JP {
    /// Standard JIS X 0208 code points → the aliases Foundation's codec accepts for the same bytes.
    private static let toFoundation: [UInt32: UInt32] = [
        0x301C: 0xFF5E, 0x2212: 0xFF0D, 0x2016: 0x2225, 0x00A2: 0xFFE0, 0x00A3: 0xFFE1, 0x00AC: 0xFFE2,
    ]
    private static let fromFoundation: [UInt32: UInt32] =
        Dictionary(uniqueKeysWithValues: toFoundation.map { ($0.value, $0.key) })

    /// Characters converted (and verified) at a time; each piece ends in ASCII, so pieces concatenate.
    static let pieceLength = 200

    /// Strict ISO-2022-JP bytes for `text` (which should be NFC and free of line breaks), or nil if any
    /// character has no exact JIS X 0208 / ASCII form. The bytes always end in ASCII mode.
    static func encode(_ text: String) -> [UInt8]? {
        // ASCII and JIS X 0208 alone (nearly every line) need no Foundation call.
        if let bytes = encodeByTable(text) { return bytes }
        return encodeWithFoundation(text)
    }

    /// `encode` through Foundation, piece by piece, each piece checked.
    static func encodeWithFoundation(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var rest = Substring(text)
        repeat {
            let piece = rest.prefix(pieceLength)
            guard let bytes = encodePiece(String(piece)) else { return nil }
            out += bytes
            rest = rest.dropFirst(piece.count)
        } while !rest.isEmpty
        return out
    }

    /// `encode` for one short piece: convert, check the bytes, decode back and compare.
    private static func encodePiece(_ text: String) -> [UInt8]? {
        // Foundation drops default-ignorable code points (so they could never round-trip), and next
        // to other text some of them (U+00AD, U+200B…U+200F, U+2060…) make its encoder loop forever
        // or trap ("a\u{200B}", measured with Swift 6.3 on Linux): refuse them before it sees them.
        if text.unicodeScalars.contains(where: { !$0.isASCII && $0.properties.isDefaultIgnorableCodePoint }) { return nil }
        let mapped = String(String.UnicodeScalarView(text.unicodeScalars.map { remap($0, toFoundation) }))
        guard let data = mapped.data(using: .iso2022JP) else { return nil }
        let bytes = [UInt8](data)
        guard isStrict(bytes), let back = String(data: data, encoding: .iso2022JP) else { return nil }
        // Foundation drops some code points without failing: compare scalar by scalar.
        let restored = back.unicodeScalars.map { remap($0, fromFoundation) }
        return restored.elementsEqual(text.unicodeScalars) ? bytes : nil
    }

    /// The characters of `text` that NFC would alter (`nfcAltered(in:)`, as written), then those
    /// of `text` after NFC that `encode` would refuse, each once, in order.
    static func unrepresentable(in text: String) -> [Character] {
        var bad = nfcAltered(in: text)
        var seen = Set<Character>(bad)
        for c in nfc(text) where !seen.contains(c) {
            seen.insert(c)
            if c == "\r\n" || c == "\n" || c == "\r" { continue }
            if let a = c.asciiValue, a >= 0x20, a < 0x7F { continue }
            if c == "\t" { continue }
            if encode(String(c)) == nil { bad.append(c) }
        }
        return bad
    }

    /// A replacement to suggest for characters with a close JIS X 0208 twin.
    static func suggestion(for c: Character) -> String? {
        switch c {
        case "\u{FF5E}": return "〜 U+301C"
        case "\u{FF0D}": return "− U+2212"
        case "\u{2225}": return "‖ U+2016"
        case "\u{FFE0}": return "¢ U+00A2"
        case "\u{FFE1}": return "£ U+00A3"
        case "\u{FFE2}": return "¬ U+00AC"
        case "\u{2460}"..."\u{2473}": return "(1)-(20)"
        default: return nil
        }
    }

    /// True if `bytes` use only ESC ( B, ESC ( J and ESC $ B, hold JIS X 0208 rows 1-8 and 16-84 in
    /// two-byte mode, no control characters but tab, and end in ASCII mode.
    static func isStrict(_ bytes: [UInt8]) -> Bool {
        var twoByte = false
        var roman = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B {
                guard i + 2 < bytes.count else { return false }
                switch (bytes[i + 1], bytes[i + 2]) {
                case (0x28, 0x42): (twoByte, roman) = (false, false)
                case (0x28, 0x4A): (twoByte, roman) = (false, true)
                case (0x24, 0x42): (twoByte, roman) = (true, false)
                default: return false
                }
                i += 3
                continue
            }
            if b >= 0x80 || b == 0x7F || (b < 0x20 && b != 0x09) { return false }
            if twoByte {
                guard i + 1 < bytes.count, (0x21...0x28).contains(b) || (0x30...0x74).contains(b),
                    (0x21...0x7E).contains(bytes[i + 1])
                else { return false }
                i += 2
            } else {
                i += 1
            }
        }
        return !twoByte && !roman
    }

    private static func remap(_ s: Unicode.Scalar, _ table: [UInt32: UInt32]) -> Unicode.Scalar {
        table[s.value].flatMap(Unicode.Scalar.init) ?? s
    }
}
