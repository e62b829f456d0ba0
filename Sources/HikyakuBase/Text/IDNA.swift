// IDNA.swift — international domain names: U-labels to A-labels (xn--) and back, with the small RFC 5891 rules.
import Foundation

/// Why a domain's international label cannot become an A-label; `description` is one line.
package enum IDNAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A label of `domain` breaks an IDNA rule: `problem` says which.
    case invalidLabel(String, problem: String)

    package var description: String {
        switch self {
        case .invalidLabel(let label, let problem): return "domain label \"\(Sanitize.line(label, limit: 80))\" \(problem)"
        }
    }
}

/// The parts of IDNA (RFC 5890/5891) hikyaku needs to mail `user@例え.jp`: each non-ASCII label is
/// lower-cased, put in NFC, checked (letters, marks, digits and hyphens only; no leading mark; no
/// hyphen first, last or in positions 3 and 4) and written as `xn--` + Punycode of at most 63
/// octets. ASCII labels are left as they are (the address rules check them). The full IDNA2008
/// code point tables (RFC 5892) and the bidi rule (RFC 5893) are not applied.
package enum IDNA {
    /// The full stops UTS 46 maps to `.`: ideographic, fullwidth and halfwidth ideographic.
    private static let dots: Set<Character> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// `domain` with each non-ASCII label as its A-label (`例え.jp` → `xn--r8jz45g.jp`); an
    /// all-ASCII domain comes back unchanged.
    package static func asciiDomain(_ domain: String) throws(IDNAError) -> String {
        guard !domain.utf8.allSatisfy({ $0 < 0x80 }) else { return domain }
        var labels: [String] = []
        for label in domain.split(omittingEmptySubsequences: false, whereSeparator: dots.contains) {
            labels.append(try aLabel(String(label)))
        }
        return labels.joined(separator: ".")
    }

    /// `domain` with each valid `xn--` label as its U-label (`xn--r8jz45g.jp` → `例え.jp`), for people
    /// to read; labels that are not valid A-labels stay as they are.
    package static func unicodeDomain(_ domain: String) -> String {
        guard domain.utf8.count <= 255, mayHoldALabel(domain) else { return domain }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            guard label.count > 4, label.prefix(4).lowercased() == "xn--",
                let scalars = Punycode.decode(label.dropFirst(4).lowercased())
            else { return String(label) }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            let uLabel = String(text)
            // Only a label that encodes back to itself is an A-label.
            guard (try? aLabel(uLabel)) == label.lowercased() else { return String(label) }
            return uLabel
        }
        return labels.joined(separator: ".")
    }

    /// Whether `domain` contains `xn--` in any case (a byte scan: no lowercased copy, no
    /// Foundation search; this runs for every address shown or masked).
    static func mayHoldALabel(_ domain: String) -> Bool {
        var text = domain
        return text.withUTF8 { bytes in
            guard bytes.count >= 4 else { return false }
            for index in 0...(bytes.count - 4)
            where bytes[index] | 0x20 == UInt8(ascii: "x") && bytes[index + 1] | 0x20 == UInt8(ascii: "n")
                && bytes[index + 2] == UInt8(ascii: "-") && bytes[index + 3] == UInt8(ascii: "-")
            {
                return true
            }
            return false
        }
    }

    /// The A-label of one label (an ASCII label unchanged).
    private static func aLabel(_ label: String) throws(IDNAError) -> String {
        guard !label.utf8.allSatisfy({ $0 < 0x80 }) else { return label }
        let uLabel = label.lowercased().precomposedStringWithCanonicalMapping
        let scalars = Array(uLabel.unicodeScalars)
        func refuse(_ problem: String) -> IDNAError { .invalidLabel(label, problem: problem) }
        if let bad = scalars.first(where: { !isAllowed($0) }) {
            throw refuse("may not contain U+\(String(format: "%04X", bad.value)) (letters, digits and hyphens only)")
        }
        if scalars.first == "-" || scalars.last == "-" { throw refuse("starts or ends with a hyphen") }
        if scalars.count >= 4, scalars[2] == "-", scalars[3] == "-" { throw refuse("has hyphens in positions 3 and 4") }
        if let first = scalars.first, isMark(first) { throw refuse("starts with a combining mark") }
        guard let encoded = Punycode.encode(scalars) else { throw refuse("cannot be written in Punycode") }
        let aLabel = "xn--" + encoded
        guard aLabel.utf8.count <= 63 else { throw refuse("is \(aLabel.utf8.count) octets as an A-label (limit 63)") }
        return aLabel
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let b = UInt8(scalar.value)
            return (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-")
        }
        switch scalar.properties.generalCategory {
        case .lowercaseLetter, .otherLetter, .modifierLetter, .decimalNumber: return true
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
