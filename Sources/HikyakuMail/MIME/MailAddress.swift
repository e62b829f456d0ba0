// MailAddress.swift — one validated mailbox: an ASCII addr-spec plus an optional, defanged display name.
import Foundation

/// A mailbox that is safe to hand to SMTP (envelope) and to put in a header.
///
/// The address is checked when the value is made, before anything can reach libcurl (which would
/// put a CR/LF in an address straight onto the wire). The display name is sanitised instead of
/// refused as `ShownText` shows every job value: control characters, CR, LF and line separators
/// become spaces, runs of spaces collapse, bidi controls go, and the ends are trimmed, so a name can
/// never start a new header line.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    /// The addr-spec, e.g. `taro@example.jp`: ASCII (an international domain as its A-labels,
    /// `MailAddress+International`), no brackets, within the RFC 5321 limits.
    public let address: String
    /// The sanitised display name, or nil when none was given or nothing was left after sanitising.
    public let displayName: String?

    /// Validates `address` (its international domain converted to A-labels) and sanitises `displayName`.
    ///
    /// Throws `MIMEError.invalidAddress` for: control characters (CR, LF, NUL, < 0x20, DEL, C1), a
    /// non-ASCII local part (no SMTPUTF8), an international domain label IDNA refuses, `<` or `>`, spaces, no `@` or more than one outside a quoted local part, an
    /// empty local part or domain, a local part over 64 octets, a domain over 255, a whole address
    /// over 254, a local part that is neither dot-atom nor quoted string, or a bad domain label.
    public init(_ address: String, displayName: String? = nil) throws(MIMEError) {
        let ascii = try MailAddress.asciiForm(address)
        try MailAddress.validate(ascii)
        self.address = ascii
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

    /// `raw` as `ShownText.line` shows it (controls, CR, LF, U+2028/2029 and runs of ASCII spaces
    /// become one space, bidi controls are removed, the ends trimmed, cut at `ShownText.limit`);
    /// nil if nothing is left. Other characters, the ideographic space U+3000 included, are kept.
    static func sanitized(displayName raw: String) -> String? {
        let line = ShownText.line(raw)
        return line.isEmpty ? nil : line
    }
}
