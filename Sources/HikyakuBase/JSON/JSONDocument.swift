// JSONDocument.swift — a spool file's bytes as a top-level JSON object, size and nesting checked first.
import Foundation

/// Reads job files and records: the limits every reader of the spool shares, checked before any
/// JSON parsing so a hostile file costs no more than its size.
public enum JSONDocument {
    /// The largest producer job file accepted, in bytes.
    public static let maxBytes = 64 * 1024
    /// The largest spool record accepted (a claimed job with its attempts), in bytes.
    public static let maxRecordBytes = 1 << 20
    /// The deepest JSON nesting accepted.
    public static let maxDepth = 8

    /// Why bytes are not an acceptable JSON document.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// Not JSON, or not an object at the top level.
        case notJSON(detail: String)
        /// Over the size limit (a producer's file), `limit` bytes.
        case tooLarge(bytes: Int, limit: Int)
        /// Nested deeper than `limit` levels.
        case tooDeep(limit: Int)
        /// An object names `key` twice (at any depth).
        case duplicateKey(String)

        public var description: String {
            switch self {
            case .notJSON(let detail): return "not valid JSON: \(detail)"
            case .tooLarge(let bytes, let limit): return "job file is \(bytes) bytes, over the \(limit)-byte limit"
            case .tooDeep(let limit): return "JSON nested deeper than \(limit) levels"
            case .duplicateKey(let key):
                return "the key \"\(Sanitize.line(key, limit: 80))\" appears twice in one object (name each field once)"
            }
        }
    }

    /// Checks size and depth, then parses JSON into a top-level object. Only a worker's own record
    /// (it has `record_version`) may exceed `maxBytes`, up to `maxRecordBytes`: attempts accumulate.
    /// `options` default to `.spool`: what `JSONSerialization` accepted, except that a key named
    /// twice is refused as `duplicateKey`.
    public static func object(_ data: Data, options: JSONParseOptions = .spool) throws(Problem)
        -> [String: JSONValue]
    {
        let mayBeRecord =
            data.count > maxBytes && data.count <= maxRecordBytes
            && data.range(of: Data("\"record_version\"".utf8)) != nil
        guard data.count <= maxBytes || mayBeRecord else { throw .tooLarge(bytes: data.count, limit: maxBytes) }
        guard nestingDepth(data) <= maxDepth else { throw .tooDeep(limit: maxDepth) }
        let value: JSONValue
        do {
            value = try JSONValue.parse(data, options: options)
        } catch {
            if case .duplicateKey(let key, _) = error { throw .duplicateKey(key) }
            throw .notJSON(detail: "the file does not parse as JSON")
        }
        switch value {
        case .object(let root):
            if data.count > maxBytes && root["record_version"] == nil { throw .tooLarge(bytes: data.count, limit: maxBytes) }
            return root
        case .array: throw .notJSON(detail: "top level is not an object")
        // JSONSerialization refused a bare string, number or literal as not JSON at all.
        default: throw .notJSON(detail: "the file does not parse as JSON")
        }
    }

    /// The deepest array/object nesting in `data`, counting brackets outside strings.
    public static func nestingDepth(_ data: Data) -> Int {
        data.withUnsafeBytes { nestingDepth($0) }
    }

    private static func nestingDepth(_ data: UnsafeRawBufferPointer) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x22: inString = true
            case 0x5B, 0x7B: depth += 1; deepest = max(deepest, depth)
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
        return deepest
    }
}
