// JobParser.swift — turns job-file bytes into a validated Job, or says exactly what is wrong.
import Foundation
import HikyakuBase

/// Parses and validates job files (schema version 1).
public enum JobParser {
    /// The largest job file accepted, in bytes.
    public static let maxBytes = JSONDocument.maxBytes
    /// The largest spool record accepted (a claimed job with its attempts), in bytes.
    public static let maxRecordBytes = JSONDocument.maxRecordBytes
    /// The deepest JSON nesting accepted.
    public static let maxDepth = JSONDocument.maxDepth

    /// Parses a job file's bytes, of a kind in `catalogue`. Size and nesting are checked before
    /// JSON parsing.
    public static func parse(_ data: Data, catalogue: MailCatalogue = .standard) throws(JobError) -> Job {
        try parse(object: try jsonObject(data), catalogue: catalogue)
    }

    /// Checks size and depth, then parses JSON into a top-level object (`JSONDocument`'s rules).
    public static func jsonObject(_ data: Data) throws(JobError) -> [String: JSONValue] {
        do {
            return try JSONDocument.object(data)
        } catch {
            switch error {
            case .notJSON(let detail): throw .notJSON(detail: detail)
            case .tooLarge(let bytes, let limit): throw .tooLarge(bytes: bytes, limit: limit)
            case .tooDeep(let limit): throw .tooDeep(limit: limit)
            case .duplicateKey(let key): throw .duplicateKey(key)
            }
        }
    }

    /// Validates a parsed job object, of a kind in `catalogue` (its `data` as the kind declares).
    public static func parse(object root: [String: JSONValue], catalogue: MailCatalogue = .standard) throws(JobError) -> Job {
        let fields = FieldReader(root, prefix: "")
        try fields.rejectUnknown(["version", "kind", "locale", "to", "to_name", "login_id", "data"])
        let version = try fields.int("version")
        guard version == 1 else { throw .invalidValue(field: "version", problem: "unsupported version \(version) (expected 1)") }
        let kindName = try fields.string("kind")
        guard let kind = catalogue.kind(named: kindName) else {
            throw .invalidValue(
                field: "kind",
                problem: "unknown kind \"\(Sanitize.line(kindName))\" (expected \(catalogue.names.joined(separator: ", ")))")
        }
        let localeName = try fields.string("locale")
        guard let locale = JobLocale(rawValue: localeName) else {
            throw .invalidValue(field: "locale", problem: "unknown locale \"\(Sanitize.line(localeName))\" (expected ja, en or ja+en)")
        }
        let to = try fields.address("to")
        let toName = try fields.optionalString("to_name", maxLength: 200)
        let loginID = try fields.string("login_id", maxLength: 128)
        guard loginID.unicodeScalars.contains(where: { !$0.properties.isWhitespace }),
            !loginID.unicodeScalars.contains(where: { ShownText.breaksLine($0) || ShownText.isHidden($0) })
        else {
            throw .invalidValue(
                field: "login_id",
                problem: "must be visible text: not empty or only spaces, no control characters, line separators or bidi controls")
        }
        let data = FieldReader(try fields.object("data"), prefix: "data.")
        return Job(
            version: version, kind: kind, locale: locale, to: to, toName: toName, loginID: loginID,
            data: try kindData(kind, data), raw: root)
    }

    /// The kind's `data` fields checked in declaration order, after refusing any it does not declare.
    private static func kindData(_ kind: MailKind, _ data: FieldReader) throws(JobError) -> JobData {
        try data.rejectUnknown(Set(kind.fields.map(\.name)))
        var values: [String: JobValue] = [:]
        for field in kind.fields {
            values[field.name] = try field.read(from: data)
        }
        return JobData(values)
    }
}
