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

    /// Parses a job file's bytes. Size and nesting are checked before JSON parsing.
    public static func parse(_ data: Data) throws(JobError) -> Job {
        try parse(object: try jsonObject(data))
    }

    /// Checks size and depth, then parses JSON into a top-level object (`JSONDocument`'s rules).
    public static func jsonObject(_ data: Data) throws(JobError) -> [String: Any] {
        do {
            return try JSONDocument.object(data)
        } catch {
            switch error {
            case .notJSON(let detail): throw .notJSON(detail: detail)
            case .tooLarge(let bytes, let limit): throw .tooLarge(bytes: bytes, limit: limit)
            case .tooDeep(let limit): throw .tooDeep(limit: limit)
            }
        }
    }

    /// Validates a parsed job object.
    public static func parse(object root: [String: Any]) throws(JobError) -> Job {
        let fields = FieldReader(root, prefix: "")
        try fields.rejectUnknown(["version", "kind", "locale", "to", "to_name", "login_id", "data"])
        let version = try fields.int("version")
        guard version == 1 else { throw .invalidValue(field: "version", problem: "unsupported version \(version) (expected 1)") }
        let kindName = try fields.string("kind")
        guard let kind = JobKind(rawValue: kindName) else {
            throw .invalidValue(
                field: "kind",
                problem:
                    "unknown kind \"\(Sanitize.line(kindName))\" (expected \(JobKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let localeName = try fields.string("locale")
        guard let locale = JobLocale(rawValue: localeName) else {
            throw .invalidValue(field: "locale", problem: "unknown locale \"\(Sanitize.line(localeName))\" (expected ja, en or ja+en)")
        }
        let to = try fields.address("to")
        let toName = try fields.optionalString("to_name", maxLength: 200)
        let loginID = try fields.string("login_id", maxLength: 128)
        guard !loginID.isEmpty,
            !HeaderEncoder.hasControlOrLineSeparator(loginID)
                || !loginID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .invalidValue(field: "login_id", problem: "must be non-empty with no control characters")
        }
        let data = FieldReader(try fields.object("data"), prefix: "data.")
        return Job(
            version: version, kind: kind, locale: locale, to: to, toName: toName, loginID: loginID,
            data: try kindData(kind, data), raw: root)
    }

    private static func kindData(_ kind: JobKind, _ data: FieldReader) throws(JobError) -> JobData {
        switch kind {
        case .passwordReset:
            try data.rejectUnknown(["purpose"])
            let name = try data.optionalString("purpose", maxLength: 16) ?? "reset"
            guard let purpose = ResetPurpose(rawValue: name) else {
                throw .invalidValue(field: "data.purpose", problem: "expected reset or initial")
            }
            return .passwordReset(purpose: purpose)
        case .loginNotice:
            try data.rejectUnknown(["logged_in_at", "ip", "user_agent"])
            let ip = try data.string("ip", maxLength: 64)
            guard IPAddress.isValid(ip) else { throw .invalidValue(field: "data.ip", problem: "not an IPv4 or IPv6 address") }
            return .loginNotice(
                loggedInAt: try data.timestamp("logged_in_at"), ip: ip,
                userAgent: try data.optionalString("user_agent", maxLength: 512))
        case .otpCode:
            try data.rejectUnknown([])
            return .otpCode
        case .emailChange:
            try data.rejectUnknown(["new_email"])
            return .emailChange(newEmail: try data.address("new_email"))
        case .deletionNotice:
            try data.rejectUnknown(["removed_at"])
            return .deletionNotice(removedAt: try data.timestamp("removed_at"))
        }
    }
}
