// MailAddress+Validation.swift — the RFC 5321/5322 checks an address passes before it may be used.
import Foundation

extension MailAddress {
    /// Throws `MIMEError.invalidAddress` naming the first rule `address` breaks.
    static func validate(_ address: String) throws(MIMEError) {
        func fail(_ problem: MIMEError.AddressProblem) -> MIMEError {
            .invalidAddress(String(address.prefix(120)), reason: problem)
        }
        // Injection first: a CR/LF gets the clearest possible reason. One pass over the UTF-8
        // bytes: controls are < 0x20, 0x7F, or C2 80…C2 9F (U+0080…U+009F).
        if address.isEmpty { throw fail(.empty) }
        let bytes = Array(address.utf8)
        var nonASCII = false, angle = false, space = false
        var previous: UInt8 = 0
        for b in bytes {
            if b < 0x20 || b == 0x7F || (previous == 0xC2 && b >= 0x80 && b <= 0x9F) { throw fail(.controlCharacter) }
            if b >= 0x80 { nonASCII = true }
            if b == UInt8(ascii: "<") || b == UInt8(ascii: ">") { angle = true }
            if b == 0x20 { space = true }
            previous = b
        }
        if nonASCII, let c = address.first(where: { !$0.isASCII }) { throw fail(.nonASCII(c)) }
        if angle { throw fail(.angleBracket) }
        if space { throw fail(.space) }

        // Split at the one `@` outside a quoted local part.
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
        var previous: UInt8 = 0
        var doubleDot = false
        for b in local {
            if !HeaderEncoder.isAtext(b) && b != UInt8(ascii: ".") { return .invalidLocalPart(Character(Unicode.Scalar(b))) }
            if b == UInt8(ascii: ".") && previous == b { doubleDot = true }
            previous = b
        }
        if local.first == UInt8(ascii: ".") || local.last == UInt8(ascii: ".") || doubleDot { return .misplacedDot }
        return nil
    }

    /// The first label of `domain` that is not a host name label (or the whole address literal), or nil.
    /// `domain` is ASCII (checked before).
    private static func badDomainLabel(_ domain: [UInt8]) -> String? {
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        if domain.first == UInt8(ascii: "[") {
            // Address literal: [192.0.2.1] or [IPv6:2001:db8::1].
            var inner = domain.dropFirst().dropLast()
            if inner.starts(with: "IPv6:".utf8) { inner = inner.dropFirst(5) }
            let ok =
                domain.count > 1 && domain.last == UInt8(ascii: "]") && !inner.isEmpty
                && inner.allSatisfy { b in
                    isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
                }
            return ok ? nil : String(decoding: domain, as: UTF8.self)
        }
        for label in domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            let ok =
                !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
            if !ok { return String(decoding: label, as: UTF8.self) }
        }
        return nil
    }
}
