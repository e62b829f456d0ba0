// MailAddress+Validation.swift — the RFC 5321/5322 checks an address passes before it may be used.
import Foundation

extension MailAddress {
    /// atext of RFC 5322 minus the letters and digits.
    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// Throws `MIMEError.invalidAddress` naming the first rule `address` breaks.
    static func validate(_ address: String) throws(MIMEError) {
        func fail(_ problem: MIMEError.AddressProblem) -> MIMEError {
            .invalidAddress(String(address.prefix(120)), reason: problem)
        }
        // Injection first: a CR/LF gets the clearest possible reason.
        if address.isEmpty { throw fail(.empty) }
        if address.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw fail(.controlCharacter)
        }
        if let c = address.first(where: { !$0.isASCII }) { throw fail(.nonASCII(c)) }
        if address.contains("<") || address.contains(">") { throw fail(.angleBracket) }
        if address.contains(" ") { throw fail(.space) }

        // Split at the one `@` outside a quoted local part.
        let bytes = Array(address.utf8)
        var at: Int?
        var quoted = false
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\") where quoted: i += 1
            case UInt8(ascii: "\""): quoted.toggle()
            case UInt8(ascii: "@") where !quoted:
                if at != nil { throw fail(.multipleAt) }
                at = i
            default: break
            }
            i += 1
        }
        guard let split = at else { throw fail(.missingAt) }
        let local = Array(bytes[..<split])
        let domain = Array(bytes[(split + 1)...])
        if local.isEmpty { throw fail(.emptyLocalPart) }
        if domain.isEmpty { throw fail(.emptyDomain) }
        if local.count > 64 { throw fail(.localPartTooLong(octets: local.count)) }
        if domain.count > 255 { throw fail(.domainTooLong(octets: domain.count)) }
        if bytes.count > 254 { throw fail(.tooLong(octets: bytes.count)) }
        if let problem = localPartProblem(local) { throw fail(problem) }
        if let label = badDomainLabel(domain) { throw fail(.invalidDomain(label: label)) }
    }

    /// Why `local` is neither a dot-string nor a quoted string, or nil if it is one.
    private static func localPartProblem(_ local: [UInt8]) -> MIMEError.AddressProblem? {
        if local.first == UInt8(ascii: "\"") {
            guard local.count >= 2, local.last == UInt8(ascii: "\"") else { return .invalidLocalPart("\"") }
            var i = 1
            while i < local.count - 1 {
                let b = local[i]
                if b == UInt8(ascii: "\\") {
                    guard i + 1 < local.count - 1 else { return .invalidLocalPart("\\") }
                    i += 2
                    continue
                }
                if b == UInt8(ascii: "\"") { return .invalidLocalPart("\"") }
                i += 1
            }
            return nil
        }
        for b in local {
            let isAtext = (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
                || atextSymbols.contains(b)
            if !isAtext && b != UInt8(ascii: ".") { return .invalidLocalPart(Character(Unicode.Scalar(b))) }
        }
        let text = String(decoding: local, as: UTF8.self)
        if text.hasPrefix(".") || text.hasSuffix(".") || text.contains("..") { return .misplacedDot }
        return nil
    }

    /// The first label of `domain` that is not a host name label (or the whole address literal), or nil.
    private static func badDomainLabel(_ domain: [UInt8]) -> String? {
        let text = String(decoding: domain, as: UTF8.self)
        if text.hasPrefix("[") {
            // Address literal: [192.0.2.1] or [IPv6:2001:db8::1].
            let inner = text.dropFirst().dropLast()
            let body = inner.hasPrefix("IPv6:") ? inner.dropFirst(5) : inner
            let ok = text.hasSuffix("]") && !body.isEmpty
                && body.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
            return ok ? nil : text
        }
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            let ok = !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
            if !ok { return String(label) }
        }
        return nil
    }
}
