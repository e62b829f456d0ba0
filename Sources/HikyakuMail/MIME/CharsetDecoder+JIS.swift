// CharsetDecoder+JIS.swift — ISO-2022-JP, Shift_JIS and EUC-JP read as ASCII, half-width kana and JIS X 0208 pairs.
import Foundation

extension CharsetDecoder {
    /// The three Japanese encodings all carry JIS X 0208 as two 7-bit bytes (shifted in EUC-JP,
    /// arithmetically folded in Shift_JIS). Each is read into ASCII, half-width katakana and
    /// runs of such pairs; a run goes to Foundation's ISO-2022-JP decoder in pieces of at most
    /// `pieceLength` pairs, pair by pair when a piece fails. Linear in the input; never throws.
    enum JIS {
        /// The result of one decoding: the text, and whether every byte sequence decoded.
        struct Decoded {
            var text = ""
            var clean = true
            /// The text when every byte sequence decoded, else nil.
            var valid: String? { clean ? text : nil }
        }

        /// Pairs handed to Foundation at once (its decoder returns nil on some long runs).
        static let pieceLength = 200
        private static let escape: UInt8 = 0x1B
        private static let replacement: Character = "\u{FFFD}"

        /// Reads the text written in `body` into `decoded`, JIS X 0208 pairs gathered in `pairs`.
        private struct Reader {
            var decoded = Decoded()
            var pairs: [UInt8] = []

            mutating func ascii(_ byte: UInt8) {
                flush()
                decoded.text.unicodeScalars.append(Unicode.Scalar(byte))
            }

            /// Half-width katakana: `offset` 0 is U+FF61 (｡) … 62 is U+FF9F.
            mutating func kana(_ offset: UInt8) {
                flush()
                guard offset <= 0x3E, let scalar = Unicode.Scalar(0xFF61 + UInt32(offset)) else { return bad() }
                decoded.text.unicodeScalars.append(scalar)
            }

            mutating func pair(_ first: UInt8, _ second: UInt8) {
                guard (0x21...0x7E).contains(first), (0x21...0x7E).contains(second) else { return bad() }
                pairs += [first, second]
            }

            mutating func bad() {
                flush()
                decoded.text.append(JIS.replacement)
                decoded.clean = false
            }

            mutating func flush() {
                guard !pairs.isEmpty else { return }
                var start = 0
                while start < pairs.count {
                    let end = min(pairs.count, start + 2 * JIS.pieceLength)
                    let piece = Array(pairs[start..<end])
                    if let text = JIS.jis0208(piece) {
                        decoded.text += text
                    } else {
                        for index in stride(from: 0, to: piece.count, by: 2) {
                            if let text = JIS.jis0208(Array(piece[index..<index + 2])) {
                                decoded.text += text
                            } else {
                                decoded.text.append(JIS.replacement)
                                decoded.clean = false
                            }
                        }
                    }
                    start = end
                }
                pairs.removeAll(keepingCapacity: true)
            }
        }

        /// JIS X 0208 `pairs` as text, or nil when Foundation refuses them or loses a character.
        static func jis0208(_ pairs: [UInt8]) -> String? {
            let bytes: [UInt8] = [escape, 0x24, 0x42] + pairs + [escape, 0x28, 0x42]
            guard let text = String(data: Data(bytes), encoding: .iso2022JP), text.unicodeScalars.count == pairs.count / 2 else {
                return nil
            }
            return text
        }

        /// RFC 1468 text: escape sequences switch between ASCII (and JIS X 0201 Roman), JIS X 0201
        /// katakana and JIS X 0208; other designated sets (JIS X 0212, ISO-2022-JP-2's) are U+FFFD.
        static func iso2022JP(_ bytes: [UInt8]) -> Decoded {
            enum Mode { case ascii, kana, jis0208, otherDouble }
            var reader = Reader()
            var mode = Mode.ascii
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == escape {
                    let rest = bytes[(index + 1)...].prefix(3)
                    let designations: [([UInt8], Mode)] = [
                        ([0x28, 0x42], .ascii), ([0x28, 0x4A], .ascii), ([0x28, 0x49], .kana), ([0x24, 0x42], .jis0208),
                        ([0x24, 0x40], .jis0208), ([0x24, 0x28, 0x51], .jis0208), ([0x24, 0x28, 0x4F], .jis0208),
                        ([0x24, 0x28, 0x44], .otherDouble), ([0x24, 0x41], .otherDouble), ([0x24, 0x28, 0x43], .otherDouble),
                    ]
                    if let (sequence, next) = designations.first(where: { rest.starts(with: $0.0) }) {
                        reader.flush()
                        mode = next
                        index += 1 + sequence.count
                    } else if rest.starts(with: [0x26, 0x40]) {
                        index += 3  // "JIS X 0208-1990 follows": the next escape designates it
                    } else {
                        reader.bad()
                        index += 1
                    }
                    continue
                }
                if byte == 0x0E || byte == 0x0F {
                    reader.flush()
                    mode = byte == 0x0E ? .kana : .ascii
                    index += 1
                    continue
                }
                guard (0x21...0x7E).contains(byte) else {
                    if byte >= 0x80 { reader.bad() } else { reader.ascii(byte) }
                    index += 1
                    continue
                }
                switch mode {
                case .ascii:
                    reader.ascii(byte)
                    index += 1
                case .kana:
                    reader.kana(byte - 0x21)
                    index += 1
                case .jis0208, .otherDouble:
                    guard index + 1 < bytes.count, (0x21...0x7E).contains(bytes[index + 1]) else {
                        reader.bad()
                        index += 1
                        continue
                    }
                    if mode == .jis0208 { reader.pair(byte, bytes[index + 1]) } else { reader.bad() }
                    index += 2
                }
            }
            reader.flush()
            return reader.decoded
        }

        /// EUC-JP: ASCII, JIS X 0208 with both bytes' high bit set, SS2 (0x8E) half-width kana,
        /// SS3 (0x8F) JIS X 0212 (U+FFFD).
        static func eucJP(_ bytes: [UInt8]) -> Decoded {
            var reader = Reader()
            var index = 0
            let high: ClosedRange<UInt8> = 0xA1...0xFE
            while index < bytes.count {
                let byte = bytes[index]
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                if byte < 0x80 {
                    reader.ascii(byte)
                    index += 1
                } else if byte == 0x8E, (0xA1...0xDF).contains(next) {
                    reader.kana(next - 0xA1)
                    index += 2
                } else if byte == 0x8F, high.contains(next), index + 2 < bytes.count, high.contains(bytes[index + 2]) {
                    reader.bad()
                    index += 3
                } else if high.contains(byte), high.contains(next) {
                    reader.pair(byte & 0x7F, next & 0x7F)
                    index += 2
                } else {
                    reader.bad()
                    index += 1
                }
            }
            reader.flush()
            return reader.decoded
        }

        /// Shift_JIS (CP932): ASCII, single-byte half-width kana, and two-byte characters folded
        /// back into JIS X 0208; CP932's own rows (IBM extensions) through Foundation's codec.
        static func shiftJIS(_ bytes: [UInt8]) -> Decoded {
            var reader = Reader()
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                let trail = index + 1 < bytes.count ? bytes[index + 1] : 0
                let isLead = (0x81...0x9F).contains(lead) || (0xE0...0xFC).contains(lead)
                if lead < 0x80 {
                    reader.ascii(lead)
                    index += 1
                } else if (0xA1...0xDF).contains(lead) {
                    reader.kana(lead - 0xA1)
                    index += 1
                } else if isLead, (0x40...0x7E).contains(trail) || (0x80...0xFC).contains(trail) {
                    if lead <= 0xEF {
                        var row = (lead <= 0x9F ? lead - 0x70 : lead - 0xB0) * 2
                        let cell: UInt8
                        if trail < 0x9F {
                            row -= 1
                            cell = trail - 0x1F - (trail >= 0x80 ? 1 : 0)
                        } else {
                            cell = trail - 0x7E
                        }
                        reader.pair(row, cell)
                    } else if let text = String(data: Data([lead, trail]), encoding: .shiftJIS), text.unicodeScalars.count == 1 {
                        reader.flush()
                        reader.decoded.text += text
                    } else {
                        reader.bad()
                    }
                    index += 2
                } else {
                    reader.bad()
                    index += 1
                }
            }
            reader.flush()
            return reader.decoded
        }
    }
}
