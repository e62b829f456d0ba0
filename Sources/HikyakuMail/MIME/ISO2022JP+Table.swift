// ISO2022JP+Table.swift — the common case without Foundation: ASCII and JIS X 0208 from a table it filled.
import Foundation
import Synchronization

extension ISO2022JP {
    /// The codes learned so far.
    private static let table = CodeTable()

    /// `text.precomposedStringWithCanonicalMapping`, without Foundation when every scalar lies
    /// where NFC changes nothing and composes with no neighbour (ASCII to U+02FF, basic Greek and
    /// Cyrillic, some punctuation, box drawing and shapes, CJK symbols but the combining tone
    /// marks, kana but the combining voiced marks, CJK unified ideographs, full-width forms).
    static func nfc(_ text: String) -> String {
        for scalar in text.unicodeScalars where !isNFCInert(scalar.value) {
            return text.precomposedStringWithCanonicalMapping
        }
        return text
    }

    /// The characters of `text`, each once and in order, holding a scalar that NFC replaces by
    /// another even on its own: compatibility ideographs (U+FA10 → U+585A, U+F9DC → U+9686), the
    /// ohm and angstrom signs, composition exclusions. Sending those in ISO-2022-JP would change a
    /// name's characters, so they count as unrepresentable. (A base plus a combining mark, which
    /// NFC merely composes, is not among them.)
    static func nfcAltered(in text: String) -> [Character] {
        guard text.unicodeScalars.contains(where: { !isNFCInert($0.value) }) else { return [] }
        var found: [Character] = []
        for c in text where !found.contains(c) {
            let altered = c.unicodeScalars.contains { s in
                !isNFCInert(s.value) && !String(s).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual([s])
            }
            if altered { found.append(c) }
        }
        return found
    }

    private static func isNFCInert(_ value: UInt32) -> Bool {
        switch value {
        case 0...0x2FF, 0x391...0x3C9, 0x401...0x451, 0x2010...0x2027, 0x2030...0x203E, 0x2500...0x257F,
            0x25A0...0x25FF, 0x3000...0x3029, 0x3030...0x3096, 0x309B...0x30FF, 0x4E00...0x9FFF,
            0xFF01...0xFF60, 0xFFE0...0xFFE6:
            return true
        default:
            return false
        }
    }

    /// `encode(text)` without Foundation when every character is a scalar that encodes on its own
    /// as an ASCII byte or as one JIS X 0208 pair (and, tested when learned, never joins a
    /// neighbour in one grapheme cluster, so characters and scalars coincide): the pieces of
    /// `pieceLength` characters are laid out as Foundation writes them (`ESC $ B` before a run of
    /// pairs, `ESC ( B` after it and at the end of each piece). Nil for anything else, which
    /// Foundation then decides.
    static func encodeByTable(_ text: String) -> [UInt8]? {
        let codes = table.snapshot()
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var twoByte = false
        var inPiece = 0
        for scalar in text.unicodeScalars {
            guard scalar.value < 0x1_0000 else { return nil }
            var code = codes[Int(scalar.value)]
            if code == CodeTable.unknown { code = table.learn(scalar) }
            if inPiece == pieceLength {
                // A new piece: the last one ended in ASCII.
                if twoByte { out += [0x1B, 0x28, 0x42] }
                twoByte = false
                inPiece = 0
            }
            inPiece += 1
            if code & 0xFF00 == CodeTable.asciiTag {
                if twoByte { out += [0x1B, 0x28, 0x42] }
                twoByte = false
                out.append(UInt8(code & 0xFF))
            } else if code >= 0x2100 {
                if !twoByte { out += [0x1B, 0x24, 0x42] }
                twoByte = true
                out.append(UInt8(code >> 8))
                out.append(UInt8(code & 0xFF))
            } else {
                return nil
            }
        }
        if twoByte { out += [0x1B, 0x28, 0x42] }
        return out
    }

    /// What each BMP scalar met so far encodes to on its own, shared by all threads: readers take
    /// a snapshot (one lock per line), a scalar not seen before is learned under the lock.
    private final class CodeTable: Sendable {
        /// Not learned yet.
        static let unknown: UInt16 = 0
        /// Not an ASCII byte or a JIS X 0208 pair on its own: Foundation decides.
        static let other: UInt16 = 1
        /// `0x01XX`: the ASCII byte XX.
        static let asciiTag: UInt16 = 0x0100
        // A pair (first, second), both 0x21…0x7E, is stored as first << 8 | second (≥ 0x2121).

        private let codes = Mutex([UInt16](repeating: unknown, count: 0x1_0000))

        func snapshot() -> [UInt16] {
            codes.withLock { $0 }
        }

        /// Learns `scalar` (through the checked Foundation path, alone) and records it.
        func learn(_ scalar: Unicode.Scalar) -> UInt16 {
            let code = Self.code(for: scalar)
            codes.withLock { $0[Int(scalar.value)] = code }
            return code
        }

        private static func code(for scalar: Unicode.Scalar) -> UInt16 {
            let alone = String(Character(scalar))
            // Characters and scalars must coincide: no joining the text before, after, or itself.
            guard ("a" + alone).count == 2, (alone + "a").count == 2, (alone + alone).count == 2,
                let bytes = ISO2022JP.encodeWithFoundation(alone)
            else { return other }
            if scalar.isASCII, bytes == [UInt8(scalar.value)] { return asciiTag | UInt16(bytes[0]) }
            if bytes.count == 8, bytes.starts(with: [0x1B, 0x24, 0x42]), bytes.suffix(3).elementsEqual([0x1B, 0x28, 0x42]),
                (0x21...0x7E).contains(bytes[3]), (0x21...0x7E).contains(bytes[4])
            {
                return UInt16(bytes[3]) << 8 | UInt16(bytes[4])
            }
            return other
        }
    }
}
