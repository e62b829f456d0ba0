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
        bytes.withUnsafeBufferPointer { quotedPrintable($0) }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func quotedPrintable(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // At most three octets per byte, plus a soft break ("=" CRLF) per 72 octets written.
        let capacity = bytes.count * 3 + (bytes.count * 3 / 72 + 1) * 3
        return [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
            hexDigits.withUnsafeBufferPointer { hex in
                var n = 0
                var column = 0
                var i = 0
                while i < bytes.count {
                    let b = bytes[i]
                    // Fast path, the same bytes as below: inside a line with room left (no soft
                    // break, no line-initial rule), printable ASCII but `=`, or a space that is not
                    // last on its line (neither last in the input nor before a CR), stays as it is.
                    if column != 0 && column < maxEncodedLineLength - 1
                        && ((b >= 0x21 && b <= 0x7E && b != 0x3D) || (b == 0x20 && i + 1 < bytes.count && bytes[i + 1] != 0x0D))
                    {
                        out[n] = b
                        n += 1
                        column += 1
                        i += 1
                        continue
                    }
                    if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                        out[n] = 0x0D
                        out[n + 1] = 0x0A
                        n += 2
                        column = 0
                        i += 2
                        continue
                    }
                    let atLineEnd =
                        i + 1 == bytes.count
                        || (bytes[i + 1] == 0x0D && i + 2 < bytes.count && bytes[i + 2] == 0x0A)
                    let isWSP = b == 0x20 || b == 0x09
                    var literal = (b >= 0x21 && b <= 0x7E && b != UInt8(ascii: "=")) || (isWSP && !atLineEnd)
                    // Room for the character and a soft-break "=" must remain on the line.
                    if column + (literal ? 1 : 3) > maxEncodedLineLength - 1 {
                        out[n] = UInt8(ascii: "=")
                        out[n + 1] = 0x0D
                        out[n + 2] = 0x0A
                        n += 3
                        column = 0
                    }
                    if column == 0 && literal {
                        if b == UInt8(ascii: ".") || (b == UInt8(ascii: "F") && startsFrom(bytes, at: i)) { literal = false }
                    }
                    if literal {
                        out[n] = b
                        n += 1
                        column += 1
                    } else {
                        out[n] = UInt8(ascii: "=")
                        out[n + 1] = hex[Int(b >> 4)]
                        out[n + 2] = hex[Int(b & 15)]
                        n += 3
                        column += 3
                    }
                    i += 1
                }
                count = n
            }
        }
    }

    /// Whether `From ` starts at `i`.
    private static func startsFrom(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        i + 5 <= bytes.count && bytes[i] == 0x46 && bytes[i + 1] == 0x72 && bytes[i + 2] == 0x6F
            && bytes[i + 3] == 0x6D && bytes[i + 4] == 0x20
    }
}
