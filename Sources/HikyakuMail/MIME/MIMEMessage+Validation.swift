// MIMEMessage+Validation.swift — the checks on boundary, Message-ID, language and header names.
import Foundation

extension MIMEMessage {
    /// Throws the first `MIMEError` among: boundary, Message-ID, Content-Language, extra header names.
    func validate() throws(MIMEError) {
        // RFC 2046 bchars; a trailing space is not allowed.
        guard (1...70).contains(boundary.utf8.count), boundary.utf8.allSatisfy({ Self.bcharTable[Int($0)] }),
            boundary.utf8.last != 0x20
        else { throw .invalidBoundary(boundary) }

        // id-left "@" id-right, each dot-atom text; no brackets, spaces or controls.
        guard Self.isDotAtomPair(messageID) else { throw .invalidMessageID(messageID) }

        // Language tags (RFC 5646 shape): letters, digits and hyphens, comma separated.
        guard Self.isLanguageList(contentLanguage) else { throw .invalidContentLanguage(contentLanguage) }

        for (name, _) in extraHeaders {
            let nameOK =
                !name.isEmpty && name.utf8.count <= 76
                && name.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: ":") }
            guard nameOK else { throw .invalidHeaderName(name) }
            if MIMEMessage.reservedHeaderNames.contains(name.lowercased()) { throw .reservedHeader(name) }
        }
    }

    /// RFC 2046 bchars by byte: letters, digits, `'()+_,-./:=?` and space.
    private static let bcharTable: [Bool] = (0..<256).map { (b: Int) -> Bool in
        Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'()+_,-./:=? ".utf8).contains(UInt8(b))
    }

    /// Exactly one `@`, at most 900 octets, and on each side a non-empty run of atext and dots
    /// with no dot at either end and no two dots in a row.
    private static func isDotAtomPair(_ id: String) -> Bool {
        guard id.utf8.count <= 900 else { return false }
        var ats = 0
        var previous = UInt8(ascii: "@")
        for b in id.utf8 {
            if b == UInt8(ascii: "@") {
                // A side may not be empty or end with a dot.
                if previous == UInt8(ascii: "@") || previous == UInt8(ascii: ".") { return false }
                ats += 1
            } else if b == UInt8(ascii: ".") {
                // Nor start with a dot or hold two in a row.
                if previous == UInt8(ascii: "@") || previous == UInt8(ascii: ".") { return false }
            } else if !HeaderEncoder.isAtext(b) {
                return false
            }
            previous = b
        }
        return ats == 1 && previous != UInt8(ascii: "@") && previous != UInt8(ascii: ".")
    }

    /// Comma-separated tags of letters, digits and hyphens (spaces and tabs around each allowed),
    /// at most 200 octets.
    private static func isLanguageList(_ list: String) -> Bool {
        guard list.utf8.count <= 200 else { return false }
        guard list.utf8.allSatisfy({ $0 < 0x80 }) else {
            // Foundation trims Unicode spaces too: keep its reading for non-ASCII lists.
            let tags = list.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            return tags.allSatisfy { tag in !tag.isEmpty && tag.utf8.allSatisfy(isTagByte) }
        }
        for tag in list.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
            guard let first = tag.firstIndex(where: { !isBlank($0) }), let last = tag.lastIndex(where: { !isBlank($0) }),
                tag[first...last].allSatisfy(isTagByte)
            else { return false }
        }
        return true
    }

    private static func isTagByte(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
    }
}
