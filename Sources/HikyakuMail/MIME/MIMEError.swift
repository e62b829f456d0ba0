// MIMEError.swift — everything that can stop a message from being encoded, one actionable line each.
import Foundation

/// Why a message, address or header could not be encoded.
///
/// Cases carry data; `description` renders one line (*subject: problem (hint)*) and never echoes a
/// raw CR, LF or other control character: offending text is shown with `\r`, `\n`, `\u{..}` escapes.
public enum MIMEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The address (shown escaped and truncated) was refused before it could reach SMTP.
    case invalidAddress(String, reason: AddressProblem)
    /// `character` in `field` ("subject", "text", "to_name", ...) has no exact form in `charset`.
    case unrepresentable(character: Character, field: String, charset: MIMECharset)
    /// An extra header's name is not an RFC 5322 field name (1-76 printable ASCII, no colon).
    case invalidHeaderName(String)
    /// An extra header tried to set a header the encoder owns (or `Bcc`, which is never written).
    case reservedHeader(String)
    /// The Message-ID is not `left@right` in printable ASCII without brackets or spaces.
    case invalidMessageID(String)
    /// The boundary is empty, longer than 70 characters, or uses characters RFC 2046 forbids.
    case invalidBoundary(String)
    /// A line of `part` begins with the boundary delimiter, so the message would split there.
    case boundaryCollision(boundary: String, part: String)
    /// Content-Language is not a comma-separated list of language tags.
    case invalidContentLanguage(String)

    /// What exactly is wrong with an address.
    public enum AddressProblem: Sendable, Equatable, CustomStringConvertible {
        /// Nothing was given.
        case empty
        /// CR, LF, NUL, another C0 control character, DEL or a C1 control.
        case controlCharacter
        /// A non-ASCII character outside an international domain (SMTPUTF8 is not used).
        case nonASCII(Character)
        /// A non-ASCII character in the local part (SMTPUTF8 is not used; only the domain may be international).
        case nonASCIILocalPart(Character)
        /// An international domain with a label IDNA refuses (`problem` names the label and the rule).
        case invalidInternationalDomain(problem: String)
        /// `<` or `>`.
        case angleBracket
        /// A space.
        case space
        /// No `@` outside a quoted local part.
        case missingAt
        /// More than one `@` outside a quoted local part.
        case multipleAt
        /// Nothing before the `@`.
        case emptyLocalPart
        /// Nothing after the `@`.
        case emptyDomain
        /// The local part is longer than 64 octets.
        case localPartTooLong(octets: Int)
        /// The domain is longer than 255 octets.
        case domainTooLong(octets: Int)
        /// The whole address is longer than 254 octets.
        case tooLong(octets: Int)
        /// A character that an unquoted local part may not hold, or a broken quoted string.
        case invalidLocalPart(Character)
        /// A dot at the start or end of the local part, or two dots in a row.
        case misplacedDot
        /// A domain label (or address literal) that is not a valid host name part.
        case invalidDomain(label: String)

        /// The problem as a phrase that follows the address, with a hint where one helps.
        public var description: String {
            switch self {
            case .empty: return "is empty"
            case .nonASCIILocalPart(let c):
                return "local part contains non-ASCII \(MIMEError.show(c)) (SMTPUTF8 is not supported: "
                    + "only the domain may be international; use an ASCII local part)"
            case .invalidInternationalDomain(let problem): return "international domain: \(problem)"
            case .controlCharacter: return "contains a control character (remove CR, LF, NUL and tabs)"
            case .nonASCII(let c):
                return "contains non-ASCII \(MIMEError.show(c)) (SMTPUTF8 is not supported; use an ASCII address)"
            case .angleBracket: return "contains < or > (give the bare address, without brackets)"
            case .space: return "contains a space"
            case .missingAt: return "has no @"
            case .multipleAt: return "has more than one @ (quote the local part if it really holds one)"
            case .emptyLocalPart: return "has nothing before the @"
            case .emptyDomain: return "has nothing after the @"
            case .localPartTooLong(let n): return "local part is \(n) octets (limit 64)"
            case .domainTooLong(let n): return "domain is \(n) octets (limit 255)"
            case .tooLong(let n): return "is \(n) octets (limit 254)"
            case .invalidLocalPart(let c): return "local part may not contain \(MIMEError.show(c)) unquoted"
            case .misplacedDot: return "local part starts or ends with a dot, or has two dots in a row"
            case .invalidDomain(let label):
                return "domain label \"\(MIMEError.escaped(label))\" is not a host name "
                    + "(letters, digits, inner hyphens, <= 63)"
            }
        }
    }

    /// One line for an operator: *subject: problem (hint)*, with no raw control characters.
    public var description: String {
        switch self {
        case .invalidAddress(let shown, let reason):
            return "address \"\(MIMEError.escaped(shown))\": \(reason)"
        case .unrepresentable(let c, let field, let charset):
            let hint = charset == .iso2022JP ? ISO2022JP.suggestion(for: c).map { "use \($0), or " } ?? "" : ""
            return "\(field): \(MIMEError.show(c)) cannot be written in \(charset.rawValue) (\(hint)send as UTF-8)"
        case .invalidHeaderName(let name):
            return "header \"\(MIMEError.escaped(name))\": not a field name "
                + "(1-76 printable ASCII characters, no space or colon)"
        case .reservedHeader(let name):
            return "header \"\(MIMEError.escaped(name))\": set by the encoder or never sent "
                + "(drop it from extra headers)"
        case .invalidMessageID(let id):
            return "Message-ID \"\(MIMEError.escaped(id))\": not left@right in printable ASCII (give it without < >)"
        case .invalidBoundary(let b):
            return "boundary \"\(MIMEError.escaped(b))\": needs 1-70 RFC 2046 characters "
                + "(use MIMEMessage.boundary(seed:))"
        case .boundaryCollision(let b, let part):
            return "\(part): a line starts with the boundary \"--\(MIMEError.escaped(b))\" (choose another seed)"
        case .invalidContentLanguage(let value):
            return "Content-Language \"\(MIMEError.escaped(value))\": not a list of language tags (e.g. \"ja, en\")"
        }
    }

    /// `text` with control characters written as escapes and cut to 120 characters, safe for one log line.
    static func escaped(_ text: String) -> String {
        var out = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count >= 120 { return out + "…" }
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A character as `"﨑" (U+FA11)`: the glyph (escaped if it is a control) and its code points.
    static func show(_ c: Character) -> String {
        let codes = c.unicodeScalars.map { "U+" + String(format: "%04X", $0.value) }.joined(separator: " ")
        return "\"\(escaped(String(c)))\" (\(codes))"
    }
}
