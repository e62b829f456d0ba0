// JobParser.swift — turns job-file bytes into a validated Job, or says exactly what is wrong.
import Foundation

/// Parses and validates job files (schema version 1).
public enum JobParser {
    /// The largest job file accepted, in bytes.
    public static let maxBytes = 64 * 1024
    /// The largest spool record accepted (a claimed job with its attempts), in bytes.
    public static let maxRecordBytes = 1 << 20
    /// The deepest JSON nesting accepted.
    public static let maxDepth = 8

    /// Parses a job file's bytes. Size and nesting are checked before JSON parsing.
    public static func parse(_ data: Data) throws(JobError) -> Job {
        try parse(object: try jsonObject(data))
    }

    /// Checks size and depth, then parses JSON into a top-level object.
    public static func jsonObject(_ data: Data) throws(JobError) -> [String: Any] {
        // Only the worker's own records may outgrow a producer's limit: their attempts accumulate.
        let mayBeRecord = data.count > maxBytes && data.count <= maxRecordBytes
            && data.range(of: Data("\"record_version\"".utf8)) != nil
        guard data.count <= maxBytes || mayBeRecord else { throw .tooLarge(bytes: data.count, limit: maxBytes) }
        guard nestingDepth(data) <= maxDepth else { throw .tooDeep(limit: maxDepth) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .notJSON(detail: "the file does not parse as JSON")
        }
        guard let root = object as? [String: Any] else { throw .notJSON(detail: "top level is not an object") }
        if data.count > maxBytes && root["record_version"] == nil { throw .tooLarge(bytes: data.count, limit: maxBytes) }
        return root
    }

    /// Validates a parsed job object.
    public static func parse(object root: [String: Any]) throws(JobError) -> Job {
        let fields = FieldReader(root, prefix: "")
        try fields.rejectUnknown(["version", "kind", "locale", "to", "to_name", "login_id", "data"])
        let version = try fields.int("version")
        guard version == 1 else { throw .invalidValue(field: "version", problem: "unsupported version \(version) (expected 1)") }
        let kindName = try fields.string("kind")
        guard let kind = JobKind(rawValue: kindName) else {
            throw .invalidValue(field: "kind", problem: "unknown kind \"\(Sanitize.line(kindName))\" (expected \(JobKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let localeName = try fields.string("locale")
        guard let locale = JobLocale(rawValue: localeName) else {
            throw .invalidValue(field: "locale", problem: "unknown locale \"\(Sanitize.line(localeName))\" (expected ja, en or ja+en)")
        }
        let to = try fields.address("to")
        let toName = try fields.optionalString("to_name", maxLength: 200)
        let loginID = try fields.string("login_id", maxLength: 128)
        guard !loginID.isEmpty, !HeaderEncoder.hasControlOrLineSeparator(loginID) || !loginID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidValue(field: "login_id", problem: "must be non-empty with no control characters")
        }
        let data = FieldReader(try fields.object("data"), prefix: "data.")
        return Job(version: version, kind: kind, locale: locale, to: to, toName: toName, loginID: loginID,
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
            return .loginNotice(loggedInAt: try data.timestamp("logged_in_at"), ip: ip,
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

    /// The deepest array/object nesting in `data`, counting brackets outside strings.
    static func nestingDepth(_ data: Data) -> Int {
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
