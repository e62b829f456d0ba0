// IssuedSecret+Redacting.swift — takes a job's link, token or code out of text a relay sent back.
import Foundation
import HikyakuMail

extension IssuedSecret {
    /// `text` with this link, its token, or this code replaced by `[redacted]`.
    package func redacting(_ text: String) -> String {
        switch self {
        case .none: return text
        case .link(let url, _, _):
            return Self.tokens(in: url).reduce(Self.redacting(url, in: text)) { Self.redacting($1, in: $0) }
        case .code(let code, _, _): return Self.redacting(code, in: text)
        }
    }

    /// The token is the URL's long base64url run (43 characters), wherever the path puts it: every
    /// run of ASCII letters, digits, `-` and `_` of 40 characters or more.
    static func tokens(in url: String) -> [String] {
        guard url.utf8.allSatisfy({ $0 < 0x80 }) else {
            return url.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")) }
                .filter { $0.count >= 40 }.map(String.init)
        }
        // ASCII: one byte per character.
        return url.utf8.split { b in
            !((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_"))
        }.filter { $0.count >= 40 }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every occurrence of `secret` in `text`, left to right, replaced by `[redacted]` (the literal
    /// match `replacingOccurrences(of:with:)` makes, on UTF-8 instead of UTF-16); `text` itself when
    /// there is none, which is nearly always.
    static func redacting(_ secret: String, in text: String) -> String {
        let needle = Array(secret.utf8), haystack = Array(text.utf8)
        guard !needle.isEmpty else { return text.replacingOccurrences(of: secret, with: "[redacted]") }
        var out: [UInt8] = []
        var copied = 0, i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
                out += haystack[copied..<i]
                out += "[redacted]".utf8
                i += needle.count
                copied = i
            } else {
                i += 1
            }
        }
        guard copied > 0 else { return text }
        out += haystack[copied...]
        return String(decoding: out, as: UTF8.self)
    }
}
