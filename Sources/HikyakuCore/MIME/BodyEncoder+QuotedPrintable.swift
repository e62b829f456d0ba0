// BodyEncoder+QuotedPrintable.swift — RFC 2045 quoted-printable with soft breaks and SMTP-safe line starts.
import Foundation

extension BodyEncoder {
    /// RFC 2045 quoted-printable of canonical bytes (CRLF pairs are hard line breaks).
    ///
    /// Printable ASCII but `=` is kept; everything else is `=XX` (uppercase hex). Space and tab are
    /// escaped at the end of a line (and of the input); lone CR or LF bytes are escaped. Lines hold at
    /// most 75 characters plus a soft-break `=`. A `.` starting a line becomes `=2E` (no dot-stuffing
    /// needed) and the `F` of a line-initial `From ` becomes `=46` (no mbox `>From` mangling).
    public static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        let from = Array("From ".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 2)
        var column = 0
        func softBreak() {
            out.append(UInt8(ascii: "="))
            out.append(0x0D)
            out.append(0x0A)
            column = 0
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                out.append(0x0D)
                out.append(0x0A)
                column = 0
                i += 2
                continue
            }
            let atLineEnd = i + 1 == bytes.count
                || (bytes[i + 1] == 0x0D && i + 2 < bytes.count && bytes[i + 2] == 0x0A)
            let isWSP = b == 0x20 || b == 0x09
            var literal = (b >= 0x21 && b <= 0x7E && b != UInt8(ascii: "=")) || (isWSP && !atLineEnd)
            // Room for the character and a soft-break "=" must remain on the line.
            if column + (literal ? 1 : 3) > maxEncodedLineLength - 1 { softBreak() }
            if column == 0 && literal {
                let startsFrom = b == from[0] && bytes[i...].starts(with: from)
                if b == UInt8(ascii: ".") || startsFrom { literal = false }
            }
            if literal {
                out.append(b)
                column += 1
            } else {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
                column += 3
            }
            i += 1
        }
        return out
    }
}
