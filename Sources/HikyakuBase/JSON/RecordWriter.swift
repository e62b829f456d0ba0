// RecordWriter.swift — a record's JSON written member by member, byte for byte what Foundation writes.
import Foundation

/// A record that writes its own JSON instead of going through `JSONEncoder` or a dictionary for
/// `JSONText`, which cost a few per cent of the worker's CPU (`hikyaku-bench`: every job writes
/// its spool record, and every issue one or two token records).
///
/// `write(into:)` must name every member the reference encoding writes, in sorted key order, with
/// the same keys; `RecordJSONTests` and `JobRecordJSONTests` compare the bytes with the reference.
package protocol HandEncodedRecord {
    /// Writes the record's members, keys in ascending order, absent optionals left out.
    func write(into writer: inout RecordWriter)
}

extension HandEncodedRecord {
    /// The record's JSON object (no trailing newline), or nil when a value is one the writer is not
    /// known to write as `JSONEncoder` does (then the caller uses the encoder).
    package func handEncoded() -> [UInt8]? {
        var writer = RecordWriter()
        write(into: &writer)
        return writer.finished()
    }
}

/// Writes one JSON object as `JSONEncoder` (with `[.sortedKeys, .withoutEscapingSlashes]` and
/// `.iso8601` dates) and `JSONText` both do: no white space, strings escaped as `JSONText` does,
/// integers in decimal.
///
/// The caller lists the members in sorted order. Dates are written only when they are whole
/// seconds in 1970…9999 (as every record's are); any other date marks the output inexact, and
/// `finished()` returns nil rather than bytes that might differ from the encoder's.
package struct RecordWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var isExact = true
    /// Where this object's `{` is in `bytes` (a nested record is written into its parent's bytes).
    private var objectStart = 0

    init() {
        bytes.reserveCapacity(384)
    }

    /// A writer with no buffer of its own yet (a nested record borrows its parent's).
    private init(borrowing: Void) {
        bytes = []
    }

    /// A string member; nothing when `value` is nil.
    package mutating func member(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        open(key)
        JSONText.writeString(value, into: &bytes)
    }

    /// A date member (ISO 8601, whole seconds); nothing when `value` is nil.
    package mutating func member(_ key: StaticString, _ value: Date?) {
        guard let value else { return }
        let seconds = value.timeIntervalSince1970
        // 253402300800 is 10000-01-01: past it, and for fractions, the encoder is the reference.
        guard seconds >= 0, seconds < 253_402_300_800, seconds.rounded(.down) == seconds else {
            isExact = false
            return
        }
        open(key)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: Timestamp.iso8601(value).utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// An integer member.
    package mutating func member(_ key: StaticString, _ value: Int) {
        open(key)
        JSONText.writeInteger(Int64(value), into: &bytes)
    }

    /// A boolean member.
    package mutating func member(_ key: StaticString, _ value: Bool) {
        open(key)
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    /// An array of strings.
    package mutating func member(_ key: StaticString, _ values: [String]) {
        open(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.writeString(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A JSON object (a producer's job), written as `JSONText` writes it; inexact when it holds
    /// a non-finite double (never parsed from JSON).
    package mutating func member(_ key: StaticString, object: [String: JSONValue]) {
        open(key)
        if !JSONText.write(.object(object), into: &bytes) { isExact = false }
    }

    /// An array of nested records.
    package mutating func member<Element: HandEncodedRecord>(_ key: StaticString, _ values: [Element]) {
        open(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            // Written in place: the nested writer takes this one's bytes and gives them back.
            var nested = RecordWriter(borrowing: ())
            swap(&nested.bytes, &bytes)
            nested.objectStart = nested.bytes.count
            nested.bytes.append(UInt8(ascii: "{"))
            value.write(into: &nested)
            nested.bytes.append(UInt8(ascii: "}"))
            swap(&nested.bytes, &bytes)
            guard nested.isExact else {
                isExact = false
                return
            }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The object, closed; nil when a value could not be written exactly.
    func finished() -> [UInt8]? {
        guard isExact else { return nil }
        var object = bytes
        object.append(UInt8(ascii: "}"))
        return object
    }

    /// The separator (after the first member), then `"key":`. Keys are plain ASCII: no escapes.
    private mutating func open(_ key: StaticString) {
        if bytes.count > objectStart + 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }
}
