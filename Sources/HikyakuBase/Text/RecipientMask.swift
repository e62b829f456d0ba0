// RecipientMask.swift — recipients as operators' screens show them: o****@example.co.jp.
import Foundation

/// Masks a recipient address for `list` and `show`: enough to recognise a domain and tell jobs
/// apart, not enough to read the address off a shared screen or a pasted ticket.
public enum RecipientMask {
    /// The first character of the local part, four stars (whatever the length, so the length is
    /// not revealed), then `@` and the domain unchanged: `omori@example.co.jp` →
    /// `o****@example.co.jp`; an international domain shows its U-labels (`u****@例え.jp`, not
    /// `xn--r8jz45g.jp`). Without an `@`, the first character and the stars. Control
    /// characters are escaped first (`Sanitize.line`), so a hostile value cannot reach a terminal.
    public static func mask(_ address: String) -> String {
        let clean = Sanitize.line(unicodeDomain(address), limit: 320)
        guard !clean.isEmpty else { return "" }
        guard let at = clean.lastIndex(of: "@") else { return String(clean.prefix(1)) + "****" }
        let local = clean[..<at]
        let domain = clean[clean.index(after: at)...]
        return String(local.prefix(1)) + "****@" + domain
    }

    /// `text` (an SMTP reply, a failure reason) with every address in it masked the same way:
    /// `550 5.1.1 <nobody@example.co.jp>: Recipient address rejected` →
    /// `550 5.1.1 <n****@example.co.jp>: Recipient address rejected`. An `@` with no address
    /// characters on either side is left alone.
    public static func maskAddresses(in text: String) -> String {
        guard text.contains("@") else { return text }
        let isLocal: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "._%+-=!#$&'*/?^`{|}~".contains($0)) }
        let isDomain: (Character) -> Bool = { ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") && $0 != "@" }
        var characters = Array(text)
        var index = 0
        while index < characters.count {
            guard characters[index] == "@" else {
                index += 1
                continue
            }
            var start = index
            while start > 0 && isLocal(characters[start - 1]) { start -= 1 }
            let hasDomain = index + 1 < characters.count && isDomain(characters[index + 1])
            guard start < index, hasDomain else {
                index += 1
                continue
            }
            let masked = [characters[start]] + Array("****")
            characters.replaceSubrange(start..<index, with: masked)
            index = start + masked.count + 1
        }
        return String(characters)
    }

    /// `address` with the A-labels of the domain after its last `@` as U-labels (`IDNA`).
    private static func unicodeDomain(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return address[...at] + IDNA.unicodeDomain(String(address[address.index(after: at)...]))
    }
}
