// InboundHeaders.swift — one header section of an inbound message, read defensively: unfolded, capped, words decoded.
import HikyakuMail

/// The fields of one header section (a message's, a MIME part's, or a delivery-status block's).
///
/// Folded lines are joined (RFC 5322 2.2.3), RFC 2047 words decoded with `HeaderDecoder`. Caps
/// keep hostile input cheap: at most `maxFields` fields are kept and each is cut at
/// `maxFieldLength` characters. Lines without a colon are skipped. Never throws.
package struct InboundHeaders: Sendable {
    /// The most fields kept from one section.
    package static let maxFields = 500
    /// The longest unfolded field kept, in characters.
    package static let maxFieldLength = 16_384

    /// The fields in order; names as written, values unfolded and decoded.
    package private(set) var fields: [Field] = []

    /// One field.
    package struct Field: Sendable {
        /// The name as written.
        package var name: String
        /// The unfolded, decoded value, trimmed.
        package var value: String
    }

    /// Parses `lines` (no line ends), stopping at the caps.
    package init<Lines: Sequence>(lines: Lines) where Lines.Element == Substring {
        var raw: [String] = []
        for line in lines {
            if let first = line.first, first == " " || first == "\t", !raw.isEmpty {
                if raw[raw.count - 1].count < Self.maxFieldLength { raw[raw.count - 1] += " " + line.trimmingSpaces }
            } else {
                if raw.count >= Self.maxFields { break }
                raw.append(String(line.prefix(Self.maxFieldLength)))
            }
        }
        for line in raw {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces
            guard !name.isEmpty, !name.contains(" ") else { continue }
            let value = String(line[line.index(after: colon)...].prefix(Self.maxFieldLength)).trimmingSpaces
            fields.append(Field(name: name, value: value.contains("=?") ? HeaderDecoder.decodeWords(value) : value))
        }
    }

    /// The first value of `name` (case-insensitive), or nil.
    package func value(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of `name` (case-insensitive), in order.
    package func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// The media type of a `Content-Type` value, lowercased (`text/plain` when absent), and its parameters (names lowercased).
    package var contentType: (type: String, parameters: [String: String]) {
        guard let value = value("Content-Type") else { return ("text/plain", [:]) }
        var pieces = value.split(separator: ";", omittingEmptySubsequences: true).map { $0.trimmingSpaces }
        let type = pieces.isEmpty ? "text/plain" : pieces.removeFirst().lowercased()
        var parameters: [String: String] = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var parameter = piece[piece.index(after: equals)...].trimmingSpaces
            if parameter.count >= 2, parameter.hasPrefix("\""), parameter.hasSuffix("\"") {
                parameter = String(parameter.dropFirst().dropLast())
            }
            parameters[piece[..<equals].trimmingSpaces.lowercased()] = parameter
        }
        return (type.contains("/") ? type : "text/plain", parameters)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
