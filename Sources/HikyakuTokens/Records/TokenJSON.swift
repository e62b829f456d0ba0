// TokenJSON.swift — JSON text for verdicts and the codec for state records (ISO 8601, whole seconds).
import Foundation
import HikyakuBase

/// JSON helpers shared by the verdict types and the state records.
enum TokenJSON {
    /// `date` as ISO 8601 UTC with whole seconds, e.g. `2026-11-21T13:05:00Z`.
    static func timestamp(_ date: Date) -> String {
        Timestamp.iso8601(date)
    }

    /// `date` truncated to the whole second, so that it survives a round trip through a record.
    static func wholeSecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// A JSON string literal for `text` (see `JSONText.quote`).
    static func quote(_ text: String) -> String { JSONText.quote(text) }

    /// A one-line JSON object from already-encoded values, in the given order; nil values are left out.
    static func object(_ members: KeyValuePairs<String, String?>) -> String {
        let fields = members.compactMap { key, value in value.map { "\(quote(key)):\($0)" } }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Encodes a state record (sorted keys, ISO 8601 dates) with a trailing newline. Records that
    /// write themselves (`HandEncodedRecord`) skip `JSONEncoder`; the bytes are the same.
    static func encodeRecord<T: Encodable>(_ record: T) -> [UInt8] {
        if let record = record as? any HandEncodedRecord, var bytes = record.handEncoded() {
            bytes.append(0x0a)
            return bytes
        }
        return encodeWithFoundation(record)
    }

    /// `encodeRecord` through `JSONEncoder`: the reference the hand-written records are tested against.
    static func encodeWithFoundation<T: Encodable>(_ record: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return Array(try encoder.encode(record)) + [0x0a]
        } catch {
            preconditionFailure("state records always encode: \(error)")
        }
    }

    /// Decodes a state record read from `path`; anything unreadable, or of another version,
    /// is `corruptRecord` (the problem text never quotes the file's contents).
    static func decodeRecord<T: Decodable & VersionedRecord>(_ type: T.Type, from bytes: [UInt8], path: String) throws(TokenError) -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        // The version first, so a newer format is named as such rather than as damage.
        guard let probe = try? decoder.decode(VersionProbe.self, from: Data(bytes)) else {
            throw .corruptRecord(path: path, problem: bytes.isEmpty ? "empty file" : "not a JSON object")
        }
        guard probe.version == T.currentVersion else {
            let found = probe.version.map(String.init) ?? "missing"
            throw .corruptRecord(path: path, problem: "unsupported version \(found) (this build reads \(T.currentVersion))")
        }
        // A key named twice means two readers may see two records: damage, never read.
        do {
            _ = try JSONValue.parse(bytes, options: .spool)
        } catch {
            if case .duplicateKey(let key, _) = error {
                throw .corruptRecord(path: path, problem: "the key \"\(Sanitize.line(key, limit: 40))\" appears twice")
            }
        }
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch {
            throw .corruptRecord(path: path, problem: "not a valid \(T.self)")
        }
    }

    /// Just the `version` member of a record.
    private struct VersionProbe: Decodable {
        let version: Int?
    }
}

/// A state record that carries `"version"`, so a future format is refused rather than misread.
protocol VersionedRecord {
    /// The version this build writes and reads.
    static var currentVersion: Int { get }
    /// The version the record was written with.
    var version: Int { get }
}
