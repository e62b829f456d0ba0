// Sanitize.swift — untrusted text made safe for a one-line message: controls escaped, length capped.
import Foundation

/// Makes untrusted text safe to put in a one-line message.
public enum Sanitize {
    /// Replaces control characters with escapes (`\r`, `\n`, `\u{..}`) and caps the length.
    public static func line(_ text: String, limit: Int = 120) -> String {
        if let ascii = asciiLine(text, limit: limit) { return ascii }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            if out.count >= limit { return out + "…" }
        }
        return out
    }
}

extension Sanitize {
    /// `line(text, limit:)` for all-ASCII `text` (nil otherwise), byte by byte: every output byte
    /// is one character, so the length check needs no grapheme counting.
    static func asciiLine(_ text: String, limit: Int) -> String? {
        guard !text.withUTF8Buffer({ $0.contains { $0 >= 0x80 } }) else { return nil }
        // Nothing to escape and short: the text itself.
        if text.utf8.count < limit, !text.withUTF8Buffer({ $0.contains { $0 < 0x20 || $0 == 0x7F } }) { return text }
        var out: [UInt8] = []
        out.reserveCapacity(min(text.utf8.count, limit) + 8)
        let hex = Array("0123456789abcdef".utf8)
        for b in text.utf8 {
            switch b {
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x00..<0x20, 0x7F:
                // `\u{1f}`: the scalar in lowercase hex without leading zeros.
                out += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "{")]
                if b >= 0x10 { out.append(hex[Int(b >> 4)]) }
                out += [hex[Int(b & 0xF)], UInt8(ascii: "}")]
            default: out.append(b)
            }
            if out.count >= limit { return String(decoding: out, as: UTF8.self) + "…" }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
