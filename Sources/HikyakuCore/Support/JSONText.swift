// JSONText.swift — one-line JSON with sorted keys, written by hand for the per-job records and log lines.
import Foundation

/// Writes the same bytes as `JSONSerialization.data(withJSONObject:options: [.sortedKeys,
/// .withoutEscapingSlashes])` for the objects the worker writes once or twice per job (spool
/// records, log lines), at a fraction of the cost: Foundation sorts keys with a locale-aware
/// comparison and boxes every value (`hikyaku bench` found it a fifth of the worker's CPU).
///
/// Only shapes whose output is known to match are written here: keys of `a`–`z` and `_` (where
/// Foundation's collation and byte order agree), strings, integers, booleans, null,
/// arrays and nested objects. Anything else — another key, a fractional number, an unknown
/// type — makes the whole object go through `JSONSerialization`, so the output never differs.
public enum JSONText {
    /// The object as UTF-8 JSON on one line (no trailing newline); empty `Data` if it cannot be encoded.
    public static func data(_ object: [String: Any]) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        if write(object, into: &out) { return Data(out) }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// Appends `value`; false when its shape is not one this writer handles.
    static func write(_ value: Any, into out: inout [UInt8]) -> Bool {
        switch value {
        case let text as String:
            writeString(text, into: &out)
        case let object as [String: Any]:
            guard object.keys.allSatisfy(isPlainKey) else { return false }
            out.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                guard write(object[key]!, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case is NSNull:
            out.append(contentsOf: Array("null".utf8))
        default:
            return writeScalar(value, into: &out)
        }
        return true
    }

    /// Swift `Int` and `Bool`, and `NSNumber`s holding a boolean or an integer (as parsed jobs do).
    private static func writeScalar(_ value: Any, into out: inout [UInt8]) -> Bool {
        if type(of: value) == Int.self, let number = value as? Int {
            out.append(contentsOf: Array(String(number).utf8))
            return true
        }
        if type(of: value) == Bool.self, let flag = value as? Bool {
            out.append(contentsOf: Array((flag ? "true" : "false").utf8))
            return true
        }
        guard let number = value as? NSNumber, type(of: value) is NSNumber.Type else { return false }
        switch String(cString: number.objCType) {
        case "c": out.append(contentsOf: Array((number.boolValue ? "true" : "false").utf8))
        case "s", "i", "l", "q": out.append(contentsOf: Array(String(number.int64Value).utf8))
        default: return false
        }
        return true
    }

    private static func isPlainKey(_ key: String) -> Bool {
        key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }
    }

    /// `text` as a JSON string literal (quotes included), escaped as `writeString` does.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        writeString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string: `"` and `\` escaped, control characters as Foundation writes them, the rest raw UTF-8.
    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
