// HeaderEncoder+Folding.swift — folds header lines at whitespace (RFC 5322 2.2.3) and joins them with CRLF.
import Foundation

extension HeaderEncoder {
    /// Splits an unfolded ASCII header line into lines of at most 78 octets where whitespace allows.
    ///
    /// A fold goes before a space or tab that follows a non-space, and only if non-space text follows,
    /// so no line is blank and unfolding (removing the CRLFs) restores `line` exactly. A run without
    /// whitespace longer than 78 stays whole (the caller checks the 998 limit).
    static func foldASCII(_ line: String) -> [String] {
        // Most header lines fit as they are.
        if line.utf8.count <= preferredLineLength { return [line] }
        let bytes = Array(line.utf8)
        func isWSP(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        guard let lastText = bytes.lastIndex(where: { !isWSP($0) }) else { return [line] }
        // Where a fold may go: before a WSP that follows text, with text after it.
        let points = (1..<max(1, lastText)).filter { isWSP(bytes[$0]) && !isWSP(bytes[$0 - 1]) }
        var lines: [String] = []
        var start = 0
        while bytes.count - start > preferredLineLength {
            let candidates = points.filter { $0 > start }
            guard let point = candidates.last(where: { $0 - start <= preferredLineLength }) ?? candidates.first
            else { break }
            lines.append(String(decoding: bytes[start..<point], as: UTF8.self))
            start = point
        }
        lines.append(String(decoding: bytes[start...], as: UTF8.self))
        return lines
    }

    /// Lays `tokens` (encoded-words, then perhaps `<addr>`) after `name:`, one space before each,
    /// starting a continuation line whenever the next token would push a line past 76.
    static func pack(name: String, tokens: [String]) -> [String] {
        var lines = ["\(name):"]
        for token in tokens {
            if lines[lines.count - 1].utf8.count + 1 + token.utf8.count <= maxEncodedLineLength {
                lines[lines.count - 1] += " " + token
            } else {
                lines.append(" " + token)
            }
        }
        return lines
    }

    /// The lines joined and terminated with CRLF.
    static func joined(_ lines: [String]) -> String {
        lines.joined(separator: "\r\n") + "\r\n"
    }
}
