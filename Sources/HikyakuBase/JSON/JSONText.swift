// JSONText.swift — one-line JSON with sorted keys, written by hand for the per-job records and log lines.
import Foundation

/// Writes a `JSONValue` as one line of JSON, byte for byte what `JSONSerialization.data(
/// withJSONObject:options: [.sortedKeys, .withoutEscapingSlashes])` wrote for the same value: the
/// spool records, log lines and operator reports are unchanged since it replaced Foundation
/// (`JSONTextTests` compares the two). It is also much cheaper: Foundation sorted keys with a
/// locale-aware comparison and boxed every value (`hikyaku-bench` found it a fifth of the worker's CPU).
///
/// Keys of `a`–`z` and `_` (the only ones hikyaku writes) are sorted by their bytes, where
/// Foundation's collation agrees; an object with any other key is sorted with Foundation's
/// comparison. Numbers: integers in decimal; doubles as Swift's `description` without a final
/// `.0`, as Foundation writes them. Non-finite doubles cannot be written (Foundation refused them too).
public enum JSONText {
    /// `value` as UTF-8 JSON on one line (no trailing newline); empty `Data` if it holds a
    /// non-finite double.
    public static func data(_ value: JSONValue) -> Data {
        bytes(value).map { Data($0) } ?? Data()
    }

    /// `value` as bytes, or nil if it holds a non-finite double.
    public static func bytes(_ value: JSONValue) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        return write(value, into: &out) ? out : nil
    }

    /// `value` as a `String`, or nil if it holds a non-finite double.
    public static func string(_ value: JSONValue) -> String? {
        bytes(value).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends `value`; false (output unfinished) when it holds a non-finite double.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) -> Bool {
        switch value {
        case .string(let text): writeString(text, into: &out)
        case .object(let members): return writeObject(members, into: &out)
        case .int(let number): writeInteger(Int64(number), into: &out)
        case .bool(let flag): out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .double(let number):
            guard number.isFinite else { return false }
            // Foundation's form: Swift's shortest round-trip digits, an integral value without ".0".
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            out.append(contentsOf: text.utf8)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        }
        return true
    }

    /// The object of `members` (keys unique, in any order) as `bytes(.object(…))` writes it, without
    /// building the dictionary (a log line's fields); nil if a value holds a non-finite double.
    public static func objectBytes(members: [(key: String, value: JSONValue)]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        return writeMembers(members, into: &out) ? out : nil
    }

    /// An object, members in the order `JSONSerialization`'s `.sortedKeys` gives them.
    private static func writeObject(_ members: [String: JSONValue], into out: inout [UInt8]) -> Bool {
        writeMembers(Array(members), into: &out)
    }

    /// `writeObject` of unique-key pairs.
    private static func writeMembers(_ members: [(key: String, value: JSONValue)], into out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "{"))
        // Keys are unique, so sorting the pairs by key orders them as sorting the keys would.
        var sorted = members
        if sorted.allSatisfy({ isPlainKey($0.key) }) {
            sorted.sort { $0.key < $1.key }
        } else {
            sorted.sort { foundationOrder($0.key, $1.key) }
        }
        for (index, member) in sorted.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            writeString(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            guard write(member.value, into: &out) else { return false }
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// The comparison `JSONSerialization` sorted keys with (numeric, case-insensitive, forced).
    private static func foundationOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex, locale: NSLocale.system)
            == .orderedAscending
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
