// StrictRFC2047Decoder.swift — a strict RFC 2047 header reader for tests, refusing what lenient readers guess at.
import Foundation

/// Decodes a header value's encoded-words strictly, and says why it refuses one.
///
/// Refuses a word over 75 characters, malformed base64 or Q text, a word that does not decode
/// as its charset on its own (a character split across words), an ISO-2022-JP word not back in
/// ASCII at its end, an unknown charset, and a B word padded with `=` that another B word of the
/// same charset follows: GMime 3.2 decodes such a run as one base64 stream and stops at the `=`.
/// Whitespace between adjacent encoded-words is dropped (RFC 2047 6.2). Shares no code with
/// `HeaderEncoder` or `HeaderDecoder`.
enum StrictRFC2047Decoder {
    /// Why a value was refused.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    private struct Word {
        let charset: String
        let isBase64: Bool
        let payload: String
    }

    /// `value` (folded or not) unfolded, with its encoded-words decoded.
    static func decode(_ value: String) throws -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        // Tokens and the whitespace runs between them, in order.
        var pieces: [(text: String, isSpace: Bool)] = []
        for c in unfolded {
            let isSpace = c == " " || c == "\t"
            if let last = pieces.last, last.isSpace == isSpace {
                pieces[pieces.count - 1].text.append(c)
            } else {
                pieces.append((String(c), isSpace))
            }
        }
        var out = ""
        var pendingSpace = ""
        var previous: Word?
        for piece in pieces {
            if piece.isSpace {
                pendingSpace += piece.text
                continue
            }
            let word = try parse(piece.text)
            if let word, let before = previous {
                if before.isBase64, word.isBase64, before.charset == word.charset, before.payload.hasSuffix("=") {
                    throw Refusal(description: "padded B word inside a run (GMime stops here): \(piece.text)")
                }
            } else {
                out += pendingSpace
            }
            pendingSpace = ""
            if let word {
                out += try text(of: word, written: piece.text)
            } else {
                out += piece.text
            }
            previous = word
        }
        return out + pendingSpace
    }

    /// The word `token` is, nil when it is no encoded-word at all.
    private static func parse(_ token: String) throws -> Word? {
        guard token.hasPrefix("=?"), token.hasSuffix("?="), token.utf8.count >= 8 else {
            if token.contains("=?") { throw Refusal(description: "encoded-word not standing alone: \(token)") }
            return nil
        }
        guard token.utf8.count <= 75 else { throw Refusal(description: "word over 75 characters: \(token)") }
        let inner = token.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
        guard inner.count == 3, ["B", "b", "Q", "q"].contains(inner[1]) else {
            throw Refusal(description: "malformed encoded-word: \(token)")
        }
        return Word(charset: inner[0].uppercased(), isBase64: inner[1].uppercased() == "B", payload: String(inner[2]))
    }

    private static func text(of word: Word, written: String) throws -> String {
        let bytes = word.isBase64 ? try base64(word.payload, written) : try quoted(word.payload, written)
        switch word.charset {
        case "UTF-8":
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw Refusal(description: "not whole UTF-8 characters: \(written)")
            }
            return text
        case "ISO-2022-JP":
            guard let last = bytes.lastIndex(of: 0x1B) else {
                guard bytes.allSatisfy({ $0 < 0x80 }) else { throw Refusal(description: "8-bit ISO-2022-JP: \(written)") }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard Array(bytes[last...]).starts(with: [0x1B, 0x28, 0x42]),
                let text = String(data: Data(bytes), encoding: .iso2022JP)
            else { throw Refusal(description: "ISO-2022-JP word not self-contained: \(written)") }
            return text
        default:
            throw Refusal(description: "unexpected charset \(word.charset): \(written)")
        }
    }

    /// Strict base64: the alphabet only, a multiple of 4, `=` only as the last one or two.
    private static func base64(_ payload: String, _ written: String) throws -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let chars = Array(payload.utf8)
        guard chars.count % 4 == 0 else { throw Refusal(description: "base64 length not a multiple of 4: \(written)") }
        let padding = chars.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { throw Refusal(description: "too much padding: \(written)") }
        var bits = 0, count = 0
        var out: [UInt8] = []
        for c in chars.dropLast(padding) {
            guard let value = alphabet.firstIndex(of: c) else { throw Refusal(description: "not base64: \(written)") }
            bits = (bits << 6) | value
            count += 6
            if count >= 8 {
                count -= 8
                out.append(UInt8((bits >> count) & 0xFF))
            }
        }
        return out
    }

    /// Strict Q: `_` is a space, `=XX` upper-case hex, other printable ASCII but `?` as itself.
    private static func quoted(_ payload: String, _ written: String) throws -> [UInt8] {
        let chars = Array(payload.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < chars.count {
            let c = chars[index]
            if c == UInt8(ascii: "=") {
                guard index + 2 < chars.count,
                    let byte = UInt8(String(decoding: chars[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
                else { throw Refusal(description: "bad Q escape: \(written)") }
                out.append(byte)
                index += 3
            } else {
                guard c > 0x20, c < 0x7F, c != UInt8(ascii: "?") else { throw Refusal(description: "bad Q text: \(written)") }
                out.append(c == UInt8(ascii: "_") ? 0x20 : c)
                index += 1
            }
        }
        return out
    }
}
