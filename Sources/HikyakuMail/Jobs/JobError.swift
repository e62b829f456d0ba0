// JobError.swift — why a job file is not a valid job, one line an operator can act on.
import Foundation
import HikyakuBase

/// A job that cannot be processed as written.
public enum JobError: Error, CustomStringConvertible, Equatable {
    /// The bytes are not JSON (the file goes to `corrupt/`).
    case notJSON(detail: String)
    /// The file is larger than the spool accepts (`corrupt/`).
    case tooLarge(bytes: Int, limit: Int)
    /// JSON nested deeper than a job ever is (`corrupt/`).
    case tooDeep(limit: Int)
    /// A required field is absent (`failed/`).
    case missingField(String)
    /// A field has the wrong JSON type (`failed/`).
    case wrongType(field: String, expected: String)
    /// A field's value is not acceptable (`failed/`).
    case invalidValue(field: String, problem: String)
    /// A field the schema does not have (`failed/`).
    case unknownField(String)
    /// An object names `key` twice, at any depth (`failed/`): which one a reader takes depends
    /// on the reader, so neither is taken.
    case duplicateKey(String)

    /// Whether the file is unparseable (→ `corrupt/`) rather than an invalid job (→ `failed/`).
    public var isCorrupt: Bool {
        switch self {
        case .notJSON, .tooLarge, .tooDeep: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .notJSON(let detail): return "not valid JSON: \(detail)"
        case .tooLarge(let bytes, let limit): return "job file is \(bytes) bytes, over the \(limit)-byte limit"
        case .tooDeep(let limit): return "JSON nested deeper than \(limit) levels"
        case .missingField(let field): return "missing required field \"\(field)\""
        case .wrongType(let field, let expected): return "field \"\(field)\" must be \(expected)"
        case .invalidValue(let field, let problem): return "field \"\(field)\": \(problem)"
        case .unknownField(let field): return "unknown field \"\(field)\" (schema version 1)"
        case .duplicateKey(let key): return "field \"\(Sanitize.line(key, limit: 80))\" appears twice in one object (name each field once)"
        }
    }
}
