// JSONEncodingDetection.swift — UTF-16 and UTF-32 JSON told apart as JSONSerialization did, and transcoded to UTF-8.
import Foundation

/// `JSONSerialization` read UTF-16 and UTF-32 too, recognised by a byte order mark or by the zero
/// bytes of the first ASCII characters. `JSONParseOptions.allowsUTF16AndUTF32` keeps accepting them.
enum JSONEncodingDetection {
    /// The input as UTF-8 when it is UTF-16 or UTF-32; nil when it is UTF-8 already (the usual case,
    /// decided from its first four bytes). Throws when the detected encoding does not decode.
    static func utf8(from data: Data) throws(JSONParseError) -> Data? {
        let head = [UInt8](data.prefix(4))
        guard let (encoding, skip) = byteOrderMark(head) ?? zeroBytePattern(head) else { return nil }
        guard let text = String(data: data.dropFirst(skip), encoding: encoding) else { throw .invalidUTF8(offset: 0) }
        return Data(text.utf8)
    }

    private static func byteOrderMark(_ head: [UInt8]) -> (String.Encoding, Int)? {
        guard head.count >= 2 else { return nil }
        switch (head[0], head[1]) {
        case (0x00, 0x00) where head.count >= 4 && head[2] == 0xFE && head[3] == 0xFF: return (.utf32BigEndian, 4)
        case (0xFF, 0xFE): return head.count >= 4 && head[2] == 0 && head[3] == 0 ? (.utf32LittleEndian, 4) : (.utf16LittleEndian, 2)
        case (0xFE, 0xFF): return (.utf16BigEndian, 2)
        default: return nil
        }
    }

    private static func zeroBytePattern(_ head: [UInt8]) -> (String.Encoding, Int)? {
        if head.count >= 4 {
            switch (head[0], head[1], head[2], head[3]) {
            case (0, 0, 0, _): return (.utf32BigEndian, 0)
            case (_, 0, 0, 0): return (.utf32LittleEndian, 0)
            case (0, _, 0, _): return (.utf16BigEndian, 0)
            case (_, 0, _, 0): return (.utf16LittleEndian, 0)
            default: return nil
            }
        }
        guard head.count >= 2 else { return nil }
        switch (head[0], head[1]) {
        case (0, _): return (.utf16BigEndian, 0)
        case (_, 0): return (.utf16LittleEndian, 0)
        default: return nil
        }
    }
}
