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
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
