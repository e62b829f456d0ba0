// TemplateEscaping.swift — how `{{name}}` values are escaped: HTML entities for .html, nothing for text.
import Foundation

/// The escaping `{{name}}` applies; `{{{name}}}` and `{{& name}}` never escape.
public enum TemplateEscaping: Sendable, Equatable {
    /// Escape `& < > " '` as entities: for the HTML part.
    case html
    /// Insert values as they are: for the text part and the subject.
    case none

    /// `text` made safe for this mode. In `.html` the result is safe in element content and in
    /// quoted attribute values; it never turns text into markup.
    public func escape(_ text: String) -> String {
        guard self == .html else { return text }
        // The five characters are ASCII, so bytes will do; most values hold none of them.
        guard text.withUTF8Buffer({ $0.contains(where: Self.needsEntity) }) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(b)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static func needsEntity(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"")
            || b == UInt8(ascii: "'")
    }
}
