// HeaderDecoder.swift — reads a message's header section back as a reader shows it: unfolded, words decoded.
import Foundation

/// Turns wire bytes back into `(name, value)` header fields for display (the preview gallery).
///
/// Lines are unfolded (RFC 5322 2.2.3) and RFC 2047 encoded-words in UTF-8 or ISO-2022-JP (or
/// another charset `CharsetDecoder` knows: Shift_JIS, EUC-JP, Latin-1), B or Q, are decoded;
/// whitespace between two adjacent encoded-words is dropped, as RFC 2047 6.2 says.
/// A word that does not decode is shown as it was written. Never throws and never reads files.
public enum HeaderDecoder {
    /// The header fields of `message` (everything before the first empty line), in order.
    public static func fields(of message: [UInt8]) -> [(name: String, value: String)] {
        let text = String(decoding: message, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        var unfolded: [String] = []
        for line in head.components(separatedBy: "\r\n") {
            if let first = line.first, first == " " || first == "\t", !unfolded.isEmpty {
                unfolded[unfolded.count - 1] += line
            } else {
                unfolded.append(line)
            }
        }
        return unfolded.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return (String(line[..<colon]), decodeWords(value))
        }
    }

    /// `value` with its encoded-words decoded.
    public static func decodeWords(_ value: String) -> String {
        let pattern = try! NSRegularExpression(pattern: "=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=")
        let source = value as NSString
        var out = ""
        var position = 0
        var previousWasWord = false
        for match in pattern.matches(in: value, range: NSRange(location: 0, length: source.length)) {
            let between = source.substring(with: NSRange(location: position, length: match.range.location - position))
            let decoded = decode(
                charset: source.substring(with: match.range(at: 1)), encoding: source.substring(with: match.range(at: 2)),
                text: source.substring(with: match.range(at: 3)))
            // Only whitespace between two words is folding, not content.
            if !(previousWasWord && decoded != nil && between.allSatisfy(\.isWhitespace)) { out += between }
            out += decoded ?? source.substring(with: match.range)
            previousWasWord = decoded != nil
            position = match.range.location + match.range.length
        }
        out += source.substring(from: position)
        return out
    }

    private static func decode(charset: String, encoding: String, text: String) -> String? {
        let bytes: [UInt8]
        if encoding.uppercased() == "B" {
            guard let data = Data(base64Encoded: text) else { return nil }
            bytes = [UInt8](data)
        } else {
            bytes = qDecode(text)
        }
        switch charset.uppercased() {
        case "UTF-8", "US-ASCII": return String(validating: bytes, as: UTF8.self)
        case "ISO-2022-JP": return String(data: Data(bytes), encoding: .iso2022JP)
        default: return CharsetDecoder.strict(bytes, charset: charset)
        }
    }

    /// RFC 2047 4.2: `_` is a space, `=XX` a byte.
    private static func qDecode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let chars = Array(text.utf8)
        var i = 0
        while i < chars.count {
            if chars[i] == UInt8(ascii: "_") {
                out.append(0x20)
            } else if chars[i] == UInt8(ascii: "="), i + 2 < chars.count,
                let byte = UInt8(String(decoding: chars[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                out.append(byte)
                i += 2
            } else {
                out.append(chars[i])
            }
            i += 1
        }
        return out
    }
}
