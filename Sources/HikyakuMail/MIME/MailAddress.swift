// MailAddress.swift — one validated mailbox: an ASCII addr-spec plus an optional, defanged display name.
import Foundation

/// A mailbox that is safe to hand to SMTP (envelope) and to put in a header.
///
/// The address is checked when the value is made, before anything can reach libcurl (which would
/// put a CR/LF in an address straight onto the wire). The display name is sanitised instead of
/// refused: control characters, CR, LF and line separators become spaces, runs of spaces collapse,
/// and the ends are trimmed, so a name can never start a new header line.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    /// The addr-spec, e.g. `taro@example.jp`: ASCII, no brackets, within the RFC 5321 limits.
    public let address: String
    /// The sanitised display name, or nil when none was given or nothing was left after sanitising.
    public let displayName: String?

    /// Validates `address` and sanitises `displayName`.
    ///
    /// Throws `MIMEError.invalidAddress` for: control characters (CR, LF, NUL, < 0x20, DEL, C1), non-ASCII
    /// (no SMTPUTF8), `<` or `>`, spaces, no `@` or more than one outside a quoted local part, an
    /// empty local part or domain, a local part over 64 octets, a domain over 255, a whole address
    /// over 254, a local part that is neither dot-atom nor quoted string, or a bad domain label.
    public init(_ address: String, displayName: String? = nil) throws(MIMEError) {
        try MailAddress.validate(address)
        self.address = address
        self.displayName = displayName.flatMap(MailAddress.sanitized(displayName:))
    }

    /// The mailbox as an RFC 5322 header value on one (unfolded) line, names B-encoded in UTF-8:
    /// `=?UTF-8?B?...?= <addr>` for non-ASCII names (or names containing `=?`), `"Name, Q." <addr>`
    /// for ASCII names needing quotes (`"` and `\` escaped), `Name <addr>`, or the bare `addr`.
    public func headerValue() -> String {
        guard let name = displayName else { return address }
        // UTF-8 can represent every name, so this never throws.
        let phrase = (try? HeaderEncoder.phrase(name, charset: .utf8)) ?? []
        return (phrase + ["<\(address)>"]).joined(separator: " ")
    }

    /// The header value (`headerValue()`), for logs.
    public var description: String { headerValue() }

    /// `raw` with every control character (CR, LF, tab, NEL, C1 ...) and U+2028/2029 turned into a
    /// space, runs of ASCII spaces collapsed to one, and trimmed; nil if nothing is left.
    /// Other characters, the ideographic space U+3000 included, are kept as they are.
    static func sanitized(displayName raw: String) -> String? {
        // Usually there is nothing to change: no control, no separator, single inner spaces.
        if !HeaderEncoder.hasControlOrLineSeparator(raw) {
            let utf8 = raw.utf8
            var previous: UInt8 = 0x20
            var clean = utf8.first != 0x20 && utf8.last != 0x20
            for b in utf8 where clean {
                if b == 0x20 && previous == 0x20 { clean = false }
                previous = b
            }
            if clean { return raw.isEmpty ? nil : raw }
        }
        var scalars = String.UnicodeScalarView()
        for s in raw.unicodeScalars {
            let category = s.properties.generalCategory
            let breaks = category == .control || category == .lineSeparator || category == .paragraphSeparator
            let scalar: Unicode.Scalar = breaks ? " " : s
            // Drop a space at the start or after another space.
            if scalar == " " && (scalars.isEmpty || scalars.last == " ") { continue }
            scalars.append(scalar)
        }
        if scalars.last == " " { scalars.removeLast() }
        return scalars.isEmpty ? nil : String(scalars)
    }
}
