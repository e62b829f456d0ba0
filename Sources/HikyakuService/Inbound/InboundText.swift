// InboundText.swift — small scanners over untrusted bounce text: addresses, reply codes, status codes.
import Foundation

/// Finds the pieces a classifier needs in free text. Linear, allocation-light, never throws.
package enum InboundText {
    private static let addressPattern = try! NSRegularExpression(
        pattern:
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+"
    )
    private static let statusPattern = try! NSRegularExpression(pattern: "(?<![0-9.])[245]\\.[0-9]{1,3}\\.[0-9]{1,3}(?![0-9])")
    private static let replyPattern = try! NSRegularExpression(pattern: "(?<![0-9.-])[245][0-9][0-9](?![0-9.])")
    private static let hostPattern = try! NSRegularExpression(pattern: "\\bhost ([A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9])\\s*\\[")

    /// The mail addresses in `text`, in order, lowercased domain kept as written.
    package static func addresses(in text: String) -> [String] {
        matches(addressPattern, in: text, group: 0).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
    }

    /// `text` with every mail address made `<>`, so that words read from it are the MTA's, not
    /// an address's (`filtered.user@…`, `spam-trap@…`).
    package static func withoutAddresses(_ text: String) -> String {
        let source = text as NSString
        return addressPattern.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: min(source.length, 200_000)), withTemplate: "<>")
    }

    /// The first enhanced status code (`5.1.1`) in `text`.
    package static func status(_ text: String) -> String? { matches(statusPattern, in: text, group: 0, limit: 1).first }

    /// The first SMTP reply code (`550`) in `text`, ignoring the digits of a status (`5.5.0`).
    package static func replyCode(_ text: String) -> String? { matches(replyPattern, in: text, group: 0, limit: 1).first }

    /// The remote host named by `host NAME[ip]` (Postfix) or `host NAME [ip]` (Exim), if any.
    package static func remoteHost(_ text: String) -> String? { matches(hostPattern, in: text, group: 1, limit: 1).first }

    /// `text` with every run of whitespace (line ends included) made one space, trimmed.
    package static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The address in a From-like field: the one in angle brackets, else the first address.
    package static func address(inField value: String) -> String? {
        if let open = value.lastIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
            let inner = value[value.index(after: open)..<close].trimmingSpaces
            if inner.contains("@") { return inner }
        }
        return addresses(in: value).first
    }

    private static func matches(_ pattern: NSRegularExpression, in text: String, group: Int, limit: Int = 64) -> [String] {
        let source = text as NSString
        var out: [String] = []
        pattern.enumerateMatches(in: text, range: NSRange(location: 0, length: min(source.length, 200_000))) { match, _, stop in
            guard let match else { return }
            out.append(source.substring(with: match.range(at: group)))
            if out.count >= limit { stop.pointee = true }
        }
        return out
    }
}
