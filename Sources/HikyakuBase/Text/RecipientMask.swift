// RecipientMask.swift — recipients as operators' screens show them: o****@example.co.jp.
import Foundation

/// Masks a recipient address for `list` and `show`: enough to recognise a domain and tell jobs
/// apart, not enough to read the address off a shared screen or a pasted ticket.
public enum RecipientMask {
    /// The first character of the local part, four stars (whatever the length, so the length is
    /// not revealed), then `@` and the domain unchanged: `omori@example.co.jp` →
    /// `o****@example.co.jp`. Without an `@`, the first character and the stars. Control
    /// characters are escaped first (`Sanitize.line`), so a hostile value cannot reach a terminal.
    public static func mask(_ address: String) -> String {
        let clean = Sanitize.line(address, limit: 320)
        guard !clean.isEmpty else { return "" }
        guard let at = clean.lastIndex(of: "@") else { return String(clean.prefix(1)) + "****" }
        let local = clean[..<at]
        let domain = clean[clean.index(after: at)...]
        return String(local.prefix(1)) + "****@" + domain
    }
}
