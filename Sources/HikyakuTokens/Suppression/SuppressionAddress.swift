// SuppressionAddress.swift — an address as the list keys it: domain in lowercase ASCII, matched without case, named by a digest.
import Foundation
import HikyakuBase

/// A recipient address normalised for the suppression list. The domain is lowercased and an
/// international one turned into its A-labels (`例え.jp` → `xn--r8jz45g.jp`), so a bounce
/// naming the ASCII form matches a job naming the Unicode one; the whole address is then
/// compared without case (`key`), as mail providers treat local parts. The entry's file is
/// named by the key's SHA-256, so no address appears in a file name.
struct SuppressionAddress: Sendable, Equatable {
    /// Longest address accepted (RFC 5321's path limit, with room for a Unicode domain).
    static let maximumLength = 320

    /// The address as stored and shown: the local part as given, `@`, the normalised domain.
    let display: String
    /// The normalised domain (lowercase, A-labels).
    let domain: String
    /// What two addresses must share to be the same entry: `display` in lowercase.
    var key: String { display.lowercased() }
    /// The entry's file name stem: SHA-256 of `key`, in hex.
    var digest: String { Base16.encode(SHA256.hash(key)) }

    /// Normalises `raw` (surrounding blanks and angle brackets removed); throws `badAddress` for
    /// anything without a local part and a domain, with blanks or control characters, or too long.
    init(_ raw: String) throws(SuppressionError) {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("<") && text.hasSuffix(">") && text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        guard !text.isEmpty, text.utf8.count <= Self.maximumLength else {
            throw .badAddress(raw, problem: "expected an address of 1 to \(Self.maximumLength) bytes")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .badAddress(raw, problem: "contains blanks or control characters")
        }
        guard let at = text.lastIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else {
            throw .badAddress(raw, problem: "expected local-part@domain")
        }
        var domain = String(text[text.index(after: at)...]).lowercased()
        if domain.hasSuffix(".") { domain.removeLast() }
        if !domain.allSatisfy(\.isASCII) {
            do { domain = try IDNA.asciiDomain(domain).lowercased() } catch {
                throw .badAddress(raw, problem: "its domain is not a valid international name (\(error))")
            }
        }
        guard !domain.isEmpty else { throw .badAddress(raw, problem: "expected local-part@domain") }
        self.domain = domain
        self.display = String(text[..<at]) + "@" + domain
    }

    /// A domain as the breaker and `release` name it: lowercase, A-labels, no trailing dot.
    static func domain(_ raw: String) throws(SuppressionError) -> String {
        try SuppressionAddress("x@" + raw.trimmingCharacters(in: .whitespaces)).domain
    }
}
