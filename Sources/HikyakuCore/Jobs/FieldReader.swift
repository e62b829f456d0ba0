// FieldReader.swift — typed access to one JSON object's fields, with errors naming the field.
import Foundation

struct FieldReader {
    let object: [String: Any]
    let prefix: String

    init(_ object: [String: Any], prefix: String) {
        self.object = object
        self.prefix = prefix
    }

    func rejectUnknown(_ allowed: Set<String>) throws(JobError) {
        if let extra = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .unknownField(prefix + Sanitize.line(extra))
        }
    }

    func int(_ key: String) throws(JobError) -> Int {
        guard let value = object[key] else { throw .missingField(prefix + key) }
        guard let number = JSONNumber.integer(value) else { throw .wrongType(field: prefix + key, expected: "an integer") }
        return number
    }

    func string(_ key: String, maxLength: Int = 1024) throws(JobError) -> String {
        guard let value = object[key] else { throw .missingField(prefix + key) }
        guard let text = value as? String else { throw .wrongType(field: prefix + key, expected: "a string") }
        guard text.count <= maxLength else { throw .invalidValue(field: prefix + key, problem: "longer than \(maxLength) characters") }
        guard !text.unicodeScalars.contains("\u{0}") else { throw .invalidValue(field: prefix + key, problem: "contains NUL") }
        return text
    }

    func optionalString(_ key: String, maxLength: Int = 1024) throws(JobError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        _ = value
        return try string(key, maxLength: maxLength)
    }

    func object(_ key: String) throws(JobError) -> [String: Any] {
        guard let value = object[key] else { throw .missingField(prefix + key) }
        guard let map = value as? [String: Any] else { throw .wrongType(field: prefix + key, expected: "an object") }
        return map
    }

    func timestamp(_ key: String) throws(JobError) -> Date {
        let text = try string(key, maxLength: 64)
        guard let date = Timestamp.parse(text) else {
            throw .invalidValue(field: prefix + key, problem: "not an RFC 3339 timestamp (e.g. 2026-11-21T12:05:00Z)")
        }
        return date
    }

    func address(_ key: String) throws(JobError) -> String {
        let text = try string(key, maxLength: 320)
        do {
            return try MailAddress(text).address
        } catch {
            throw .invalidValue(field: prefix + key, problem: error.description)
        }
    }
}

/// Makes untrusted text safe to put in a one-line message.
public enum Sanitize {
    /// Replaces control characters with escapes (`\r`, `\n`, `\u{..}`) and caps the length.
    public static func line(_ text: String, limit: Int = 120) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            if out.count >= limit { return out + "…" }
        }
        return out
    }
}

/// IP address syntax check.
enum IPAddress {
    static func isValid(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
