// BodyEncoder.swift — turns part text into canonical CRLF bytes and a transfer encoding (base64, QP, 7bit).
import Foundation

/// Encodes the body of one text part.
///
/// Text is first made canonical: `\r\n`, lone `\n` and lone `\r` all become CRLF. UTF-8 text is then
/// sent as quoted-printable or base64, whichever is shorter (ties go to quoted-printable);
/// ISO-2022-JP text is sent as 7bit JIS lines. Output never ends with a CRLF that is not part of the
/// text: the multipart writer adds the CRLF that belongs to the next boundary delimiter. Output never
/// contains `=_`, so a boundary starting with `=_` cannot occur in base64 or quoted-printable bodies.
public enum BodyEncoder {
    /// A Content-Transfer-Encoding this encoder produces.
    public enum TransferEncoding: String, Sendable {
        /// JIS bytes as they are; lines are CRLF and at most 998 octets.
        case sevenBit = "7bit"
        /// RFC 2045 6.7, lines at most 76.
        case quotedPrintable = "quoted-printable"
        /// RFC 2045 6.8, lines of 76.
        case base64
    }

    /// A part body ready to follow its headers.
    public struct EncodedBody: Sendable, Equatable {
        /// The value for Content-Transfer-Encoding.
        public let transferEncoding: TransferEncoding
        /// The encoded bytes: printable ASCII and CRLF only (ISO-2022-JP also uses ESC).
        public let bytes: [UInt8]
    }

    /// The longest encoded line (without CRLF) for base64 and quoted-printable.
    public static let maxEncodedLineLength = 76

    /// `text` as UTF-8 with every line break made CRLF.
    public static func canonicalBytes(_ text: String) -> [UInt8] {
        canonical(text).bytes
    }

    /// `canonicalBytes(text)`, and how many of its bytes quoted-printable must escape.
    static func canonical(_ text: String) -> (bytes: [UInt8], escaped: Int) {
        var text = text
        return text.withUTF8 { source in
            // What quotedPrintable writes as =XX; CR and LF never count (they end up in pairs).
            var escaped = 0
            escapeTable.withUnsafeBufferPointer { table in
                for b in source { escaped &+= Int(table[Int(b)]) }
            }
            guard let start = source.baseAddress, memchr(start, 0x0D, source.count) == nil else {
                return (canonicalWithCR(source), escaped)
            }
            // No CR (templates use "\n"): copy the runs between LFs, a CR before each LF.
            var lineFeeds = 0
            for b in source { lineFeeds &+= b == 0x0A ? 1 : 0 }
            let bytes = [UInt8](unsafeUninitializedCapacity: source.count + lineFeeds) { out, count in
                var from = 0, to = 0
                while from < source.count {
                    let rest = source.count - from
                    let found = memchr(start + from, 0x0A, rest)
                    let run = found.map { (start + from).distance(to: UnsafePointer($0.assumingMemoryBound(to: UInt8.self))) } ?? rest
                    (out.baseAddress! + to).initialize(from: start + from, count: run)
                    to += run
                    from += run
                    guard found != nil else { break }
                    out[to] = 0x0D
                    out[to + 1] = 0x0A
                    to += 2
                    from += 1
                }
                count = to
            }
            return (bytes, escaped)
        }
    }

    /// 1 for the bytes quoted-printable escapes wherever they are: controls but tab, CR and LF,
    /// `=`, DEL and every non-ASCII byte.
    private static let escapeTable: [UInt8] = (0..<256).map { (b: Int) -> UInt8 in
        let control = b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D
        return control || b > 0x7E || b == 0x3D ? 1 : 0
    }

    /// The byte-by-byte conversion, for text holding CRs (each CR, LF and CRLF becomes CRLF).
    private static func canonicalWithCR(_ source: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Each byte becomes at most two (a lone CR or LF becomes CRLF).
        [UInt8](unsafeUninitializedCapacity: source.count * 2) { out, count in
            var n = 0
            var previousWasCR = false
            for b in source {
                if b == 0x0A {
                    if !previousWasCR {
                        out[n] = 0x0D
                        out[n + 1] = 0x0A
                        n += 2
                    }
                } else if b == 0x0D {
                    out[n] = 0x0D
                    out[n + 1] = 0x0A
                    n += 2
                } else {
                    out[n] = b
                    n += 1
                }
                previousWasCR = b == 0x0D
            }
            count = n
        }
    }

    /// UTF-8 `text` as quoted-printable or base64, whichever is shorter.
    ///
    /// Only the winner is built (the worker encodes two parts per mail): base64's length follows
    /// from the input's, and quoted-printable is at least one octet per input byte plus two per
    /// byte it must escape, so Japanese text goes to base64 without trying quoted-printable.
    public static func encode(utf8Text text: String) -> EncodedBody {
        let (bytes, escaped) = canonical(text)
        let base64Length = base64EncodedCount(bytes.count)
        if bytes.count + 2 * escaped <= base64Length {
            let qp = quotedPrintable(bytes)
            if qp.count <= base64Length { return EncodedBody(transferEncoding: .quotedPrintable, bytes: qp) }
        }
        return EncodedBody(transferEncoding: .base64, bytes: base64(bytes))
    }

    /// The length of `base64(_:)`'s output for `count` input bytes (76-column lines, CRLF between).
    static func base64EncodedCount(_ count: Int) -> Int {
        let groups = (count + 2) / 3
        return groups == 0 ? 0 : 4 * groups + 2 * ((groups - 1) / (maxEncodedLineLength / 4))
    }

    /// `text` (NFC-normalised) as ISO-2022-JP: 7bit, each line its own JIS sequence ending in ASCII.
    ///
    /// If an encoded line would pass 998 octets (about 490 kanji without a break) the same JIS
    /// bytes are sent as base64 instead, so the text is never rewrapped. Throws
    /// `MIMEError.unrepresentable` (naming `field`) for the first character with no exact JIS form
    /// or one NFC would alter (`ISO2022JP.nfcAltered(in:)`).
    public static func encode(iso2022JPText text: String, field: String) throws(MIMEError) -> EncodedBody {
        // NFC would turn a compatibility ideograph into another character: refuse it instead.
        if let bad = ISO2022JP.nfcAltered(in: text).first {
            throw .unrepresentable(character: bad, field: field, charset: .iso2022JP)
        }
        let normal = ISO2022JP.nfc(text)
        // Canonical bytes hold CR only in CRLF pairs: split there.
        let canonical = canonicalBytes(normal)
        var lines: [String] = []
        var lineStart = 0
        for index in canonical.indices where canonical[index] == 0x0D {
            lines.append(String(decoding: canonical[lineStart..<index], as: UTF8.self))
            lineStart = index + 2
        }
        lines.append(String(decoding: canonical[lineStart...], as: UTF8.self))
        var out: [UInt8] = []
        var longest = 0
        for (index, line) in lines.enumerated() {
            guard let jis = ISO2022JP.encode(line) else {
                let bad = ISO2022JP.unrepresentable(in: line).first ?? line.first ?? " "
                throw .unrepresentable(character: bad, field: field, charset: .iso2022JP)
            }
            if index > 0 { out += [0x0D, 0x0A] }
            out += jis
            longest = max(longest, jis.count)
        }
        if longest > 998 { return EncodedBody(transferEncoding: .base64, bytes: base64(out)) }
        return EncodedBody(transferEncoding: .sevenBit, bytes: out)
    }

    /// RFC 2045 base64, broken into lines of `lineLength` characters with CRLF (nil: one line),
    /// without a final CRLF.
    public static func base64(_ bytes: [UInt8], lineLength: Int? = maxEncodedLineLength) -> [UInt8] {
        bytes.withUnsafeBufferPointer { base64($0, lineLength: lineLength) }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The two characters of each 12-bit value, the first in the low byte.
    private static let pairs: [UInt16] = (0..<4096).map { (v: Int) -> UInt16 in
        UInt16(alphabet[v >> 6]) | UInt16(alphabet[v & 63]) << 8
    }

    /// `base64(_:lineLength:)` of the bytes in `bytes`.
    static func base64(_ bytes: UnsafeBufferPointer<UInt8>, lineLength: Int?) -> [UInt8] {
        let groups = (bytes.count + 2) / 3
        // Four characters per group, and at most one CRLF before each.
        return [UInt8](unsafeUninitializedCapacity: groups * 6) { out, count in
            alphabet.withUnsafeBufferPointer { alphabet in
                var n = 0
                var column = 0
                var i = 0
                // Whole groups, a line at a time when lines are whole groups (76 = 19 × 4).
                if let width = lineLength, width > 0, width % 4 == 0 {
                    let perLine = width / 4
                    while bytes.count - i >= 3 {
                        if column == width {
                            out[n] = 0x0D
                            out[n + 1] = 0x0A
                            n += 2
                            column = 0
                        }
                        let groupsHere = min(perLine - column / 4, (bytes.count - i) / 3)
                        // Two characters per lookup, four per store.
                        pairs.withUnsafeBufferPointer { pairs in
                            let target = UnsafeMutableRawPointer(out.baseAddress!)
                            for _ in 0..<groupsHere {
                                let v = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
                                let word = UInt32(pairs[v >> 12]) | UInt32(pairs[v & 0xFFF]) << 16
                                target.storeBytes(of: word.littleEndian, toByteOffset: n, as: UInt32.self)
                                n += 4
                                i += 3
                            }
                        }
                        column += 4 * groupsHere
                    }
                }
                while i < bytes.count {
                    let left = bytes.count - i
                    let b0 = UInt32(bytes[i])
                    let b1 = left > 1 ? UInt32(bytes[i + 1]) : 0
                    let b2 = left > 2 ? UInt32(bytes[i + 2]) : 0
                    let v = b0 << 16 | b1 << 8 | b2
                    if let width = lineLength, column == width {
                        out[n] = 0x0D
                        out[n + 1] = 0x0A
                        n += 2
                        column = 0
                    }
                    out[n] = alphabet[Int(v >> 18 & 63)]
                    out[n + 1] = alphabet[Int(v >> 12 & 63)]
                    out[n + 2] = left > 1 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "=")
                    out[n + 3] = left > 2 ? alphabet[Int(v & 63)] : UInt8(ascii: "=")
                    n += 4
                    column += 4
                    i += 3
                }
                count = n
            }
        }
    }
}
