// MIMEMessage+Validation.swift — the checks on boundary, Message-ID, language and header names.
import Foundation

extension MIMEMessage {
    /// Throws the first `MIMEError` among: boundary, Message-ID, Content-Language, extra header names.
    func validate() throws(MIMEError) {
        // RFC 2046 bchars; a trailing space is not allowed.
        let bchars = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'()+_,-./:=? ".utf8)
        guard (1...70).contains(boundary.utf8.count), boundary.utf8.allSatisfy(bchars.contains),
              !boundary.hasSuffix(" ") else { throw .invalidBoundary(boundary) }

        // id-left "@" id-right, each dot-atom text; no brackets, spaces or controls.
        let idParts = messageID.split(separator: "@", omittingEmptySubsequences: false)
        let idOK = idParts.count == 2 && messageID.utf8.count <= 900 && idParts.allSatisfy { part in
            !part.isEmpty && !part.hasPrefix(".") && !part.hasSuffix(".") && !part.contains("..")
                && part.utf8.allSatisfy { HeaderEncoder.isAtext($0) || $0 == UInt8(ascii: ".") }
        }
        guard idOK else { throw .invalidMessageID(messageID) }

        // Language tags (RFC 5646 shape): letters, digits and hyphens, comma separated.
        let tags = contentLanguage.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let languageOK = contentLanguage.utf8.count <= 200 && tags.allSatisfy { tag in
            !tag.isEmpty && tag.utf8.allSatisfy { b in
                b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
            }
        }
        guard languageOK else { throw .invalidContentLanguage(contentLanguage) }

        for (name, _) in extraHeaders {
            let nameOK = !name.isEmpty && name.utf8.count <= 76
                && name.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: ":") }
            guard nameOK else { throw .invalidHeaderName(name) }
            if MIMEMessage.reservedHeaderNames.contains(name.lowercased()) { throw .reservedHeader(name) }
        }
    }
}
