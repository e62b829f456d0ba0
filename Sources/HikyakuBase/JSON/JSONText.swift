// JSONText.swift — one-line JSON with sorted keys, written by hand for the per-job records and log lines.
import Foundation

/// Writes the same bytes as `JSONSerialization.data(withJSONObject:options: [.sortedKeys,
/// .withoutEscapingSlashes])` for the objects the worker writes once or twice per job (spool
/// records, log lines), at a fraction of the cost: Foundation sorts keys with a locale-aware
/// comparison and boxes every value (`hikyaku-bench` found it a fifth of the worker's CPU).
///
/// Only shapes whose output is known to match are written here: keys of `a`–`z` and `_` (where
/// Foundation's collation and byte order agree), strings, integers, booleans, null,
/// arrays and nested objects. Anything else — another key, a fractional number, an unknown
/// type — makes the whole object go through `JSONSerialization`, so the output never differs.
public enum JSONText {
    /// The object as UTF-8 JSON on one line (no trailing newline); empty `Data` if it cannot be encoded.
    public static func data(_ object: [String: Any]) -> Data {
        Data(bytes(object))
    }

    /// `data(object)` as bytes.
    static func bytes(_ object: [String: Any]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        if write(object, into: &out) { return out }
        return [UInt8]((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }

    /// Appends `value`; false when its shape is not one this writer handles.
    static func write(_ value: Any, into out: inout [UInt8]) -> Bool {
        // The exact Swift types the worker builds, told apart by their metadata: cheaper than a
        // chain of `as?` casts, which try bridging first. Anything else takes the casts below.
        let type = ObjectIdentifier(type(of: value))
        if type == stringType {
            writeString(value as! String, into: &out)
            return true
        }
        if type == objectType { return writeObject(value as! [String: Any], into: &out) }
        // A parsed number: none of the casts below (String, object, array, NSNull) would take it.
        if type == numberType { return writeScalar(value, into: &out) }
        if type == intType {
            writeInteger(Int64(value as! Int), into: &out)
            return true
        }
        if type == boolType {
            out.append(contentsOf: (value as! Bool) ? "true".utf8 : "false".utf8)
            return true
        }
        switch value {
        case let text as String:
            writeString(text, into: &out)
        case let object as [String: Any]:
            return writeObject(object, into: &out)
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

    private static let stringType = ObjectIdentifier(String.self)
    private static let objectType = ObjectIdentifier([String: Any].self)
    private static let numberType = ObjectIdentifier(NSNumber.self)
    private static let intType = ObjectIdentifier(Int.self)
    private static let boolType = ObjectIdentifier(Bool.self)

    /// An object with plain keys, sorted; false (output unfinished) for any other key or value.
    private static func writeObject(_ object: [String: Any], into out: inout [UInt8]) -> Bool {
        guard object.keys.allSatisfy(isPlainKey) else { return false }
        out.append(UInt8(ascii: "{"))
        // Keys are unique, so sorting the pairs by key orders them as sorting the keys would.
        for (index, member) in object.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            writeString(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            guard write(member.value, into: &out) else { return false }
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// Swift `Int` and `Bool`, and `NSNumber`s holding a boolean or an integer (as parsed jobs do).
    private static func writeScalar(_ value: Any, into out: inout [UInt8]) -> Bool {
        if type(of: value) == Int.self, let number = value as? Int {
            writeInteger(Int64(number), into: &out)
            return true
        }
        if type(of: value) == Bool.self, let flag = value as? Bool {
            out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
            return true
        }
        guard let number = value as? NSNumber, type(of: value) is NSNumber.Type else { return false }
        switch String(cString: number.objCType) {
        case "c": out.append(contentsOf: number.boolValue ? "true".utf8 : "false".utf8)
        case "s", "i", "l", "q": writeInteger(number.int64Value, into: &out)
        default: return false
        }
        return true
    }

    /// Decimal digits, with a minus sign when negative (as `String(n)` writes them).
    static func writeInteger(_ n: Int64, into out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        // The magnitude is unsigned, so Int64.min has one too; digits come last first.
        var magnitude = n.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
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
    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            let escape: UInt8
            switch byte {
            case UInt8(ascii: "\""): escape = 0x22
            case UInt8(ascii: "\\"): escape = 0x5C
            case 0x08: escape = UInt8(ascii: "b")
            case 0x09: escape = UInt8(ascii: "t")
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0C: escape = UInt8(ascii: "f")
            case 0x0D: escape = UInt8(ascii: "r")
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                continue
            default:
                out.append(byte)
                continue
            }
            out.append(0x5C)
            out.append(escape)
        }
        out.append(UInt8(ascii: "\""))
    }
}
