// InboundPart+Bytes.swift — the byte level of an inbound message: line ends, 8-bit text kept byte for byte, quoted-printable.

extension InboundPart {
    /// A message's bytes as a String the MIME parser can split: UTF-8 when the bytes are UTF-8
    /// (nearly always), else one character per byte (`latin1`), so that a Shift_JIS or EUC-JP part
    /// keeps its bytes until its own charset decodes it.
    struct RawText {
        var text: String
        var latin1: Bool

        init(_ bytes: [UInt8]) {
            if let text = String(validating: bytes, as: UTF8.self) {
                self.text = text
                latin1 = false
            } else {
                text = String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
                latin1 = true
            }
        }

        /// The bytes `text` stands for (its UTF-8, or one byte per character when `latin1`).
        static func bytes<Text: StringProtocol>(_ text: Text, latin1: Bool) -> [UInt8] {
            latin1 ? text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } : Array(text.utf8)
        }
    }

    /// `bytes` with CRLF and bare CR line ends made LF (Swift reads CRLF as one character, so a
    /// split at LF would miss it; classic Mac files end lines with CR alone).
    static func normalisedLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x0D) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard byte == 0x0D else {
                out.append(byte)
                continue
            }
            out.append(0x0A)
            if index < bytes.count, bytes[index] == 0x0A { index += 1 }
        }
        return out
    }

    /// `bytes` decoded from quoted-printable (RFC 2045 6.7): `=XX` is a byte, `=` at a line end
    /// joins lines; bad escapes are kept as written.
    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                index += 2
            } else if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                index += 3
            } else if index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x37
        case 0x61...0x66: return byte - 0x57
        default: return nil
        }
    }
}
