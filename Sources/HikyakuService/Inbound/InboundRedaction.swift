// InboundRedaction.swift — the text of a returned mail with its links and codes taken out, for operators' screens.
import Foundation
import HikyakuBase

/// Bounces carry the original mail, and ours carry one-time links and codes: what `inbound show`
/// prints of a message goes through `redact` first. It removes
/// - every URL's path, query and fragment (`https://portal.example.jp/[redacted]`), and any user
///   information before its host: scheme and host stay, so an operator sees where a link pointed;
/// - standalone runs of 4 to 8 digits (ASCII or fullwidth; not next to a Latin letter or another
///   digit): one-time codes, and with them years, times and postcodes, which is the price;
/// - token-like runs of 22 or more `[A-Za-z0-9_-]` holding a letter and a digit (a link's token
///   split off by a line break, a hash).
/// ISO-2022-JP text is decoded first (its escape sequences would otherwise shield a code), then
/// every address is masked (`RecipientMask`). Never reversible: nothing redacted is kept anywhere.
package enum InboundRedaction {
    /// What stands in for a redacted piece.
    package static let mark = "[redacted]"

    /// `text` with URLs' paths, codes and tokens redacted and addresses masked; with `digits`
    /// false (a machine-written delivery-status or feedback report), digit runs are kept.
    package static func redact(_ text: String, digits: Bool = true) -> String {
        let scalars = Array(decodingISO2022JP(text).unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if let end = url(in: scalars, at: index, into: &out) {
                index = end
                continue
            }
            let scalar = scalars[index]
            let startsWord = index == 0 || !isWord(scalars[index - 1])
            if startsWord, isWord(scalar) {
                var end = index
                while end < scalars.count, isWord(scalars[end]) { end += 1 }
                let run = scalars[index..<end]
                if run.count >= 22, run.contains(where: isASCIIDigit), run.contains(where: isASCIILetter) {
                    out.append(contentsOf: mark.unicodeScalars)
                    index = end
                    continue
                }
            }
            if digits, isDigit(scalar), index == 0 || !isBlocking(scalars[index - 1]) {
                var end = index
                while end < scalars.count, isDigit(scalars[end]) { end += 1 }
                if (4...8).contains(end - index), end == scalars.count || !isBlocking(scalars[end]) {
                    out.append(contentsOf: mark.unicodeScalars)
                } else {
                    out.append(contentsOf: scalars[index..<end])
                }
                index = end
                continue
            }
            out.append(scalar)
            index += 1
        }
        return RecipientMask.maskAddresses(in: String(out))
    }

    /// When a URL (`scheme://`) starts at `index`, appends its scheme and host (and the mark for
    /// any path, query or fragment) and returns where it ends; nil otherwise.
    private static func url(in s: [Unicode.Scalar], at index: Int, into out: inout String.UnicodeScalarView) -> Int? {
        guard isASCIILetter(s[index]), index == 0 || !(isASCIILetter(s[index - 1]) || isASCIIDigit(s[index - 1])) else { return nil }
        var cursor = index
        while cursor < s.count, isASCIILetter(s[cursor]) || isASCIIDigit(s[cursor]) || "+.-".unicodeScalars.contains(s[cursor]) {
            cursor += 1
        }
        guard cursor + 2 < s.count, s[cursor] == ":", s[cursor + 1] == "/", s[cursor + 2] == "/" else { return nil }
        let scheme = s[index..<cursor]
        cursor += 3
        let authorityStart = cursor
        while cursor < s.count, !ends(s[cursor]), !"/?#".unicodeScalars.contains(s[cursor]) { cursor += 1 }
        var host = s[authorityStart..<cursor]
        // user:password@host keeps only the host.
        if let at = host.lastIndex(of: "@") { host = host[(at + 1)...] }
        out.append(contentsOf: scheme)
        out.append(contentsOf: "://".unicodeScalars)
        out.append(contentsOf: host)
        if cursor < s.count, "/?#".unicodeScalars.contains(s[cursor]) {
            while cursor < s.count, !ends(s[cursor]) { cursor += 1 }
            out.append(contentsOf: ("/" + mark).unicodeScalars)
        }
        return cursor
    }

    /// Where a URL ends: white space, controls, quotes and angle brackets.
    private static func ends(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value <= 0x20 || scalar.value == 0x7F || "<>\"'`".unicodeScalars.contains(scalar)
            || scalar.properties.isWhitespace
    }

    private static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    private static func isASCIILetter(_ s: Unicode.Scalar) -> Bool { (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A }
    /// ASCII or fullwidth digits.
    private static func isDigit(_ s: Unicode.Scalar) -> Bool { isASCIIDigit(s) || (s.value >= 0xFF10 && s.value <= 0xFF19) }
    /// What keeps a digit run from standing alone: Latin letters and digits, ASCII or fullwidth.
    private static func isBlocking(_ s: Unicode.Scalar) -> Bool {
        isDigit(s) || isASCIILetter(s) || (s.value >= 0xFF21 && s.value <= 0xFF3A) || (s.value >= 0xFF41 && s.value <= 0xFF5A)
    }
    /// A token character (base64url).
    private static func isWord(_ s: Unicode.Scalar) -> Bool { isASCIIDigit(s) || isASCIILetter(s) || s == "_" || s == "-" }

    /// `text` with ISO-2022-JP decoded when it holds its escape sequences; undecodable escapes are dropped.
    static func decodingISO2022JP(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        if let decoded = String(data: Data(text.utf8), encoding: .iso2022JP) { return decoded }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first {
            // ESC ( B, ESC ( J, ESC $ B, ESC $ @ and the like: three scalars.
            if first == "\u{1B}" {
                scalars = scalars.dropFirst(3)
                continue
            }
            out.append(first)
            scalars = scalars.dropFirst()
        }
        return String(out)
    }
}
