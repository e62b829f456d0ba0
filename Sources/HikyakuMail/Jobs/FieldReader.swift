// FieldReader.swift — typed access to one JSON object's fields, with errors naming the field.
import Foundation
import HikyakuBase

struct FieldReader {
    let object: [String: JSONValue]
    let prefix: String

    init(_ object: [String: JSONValue], prefix: String) {
        self.object = object
        self.prefix = prefix
    }

    func rejectUnknown(_ allowed: Set<String>) throws(JobError) {
        // Sorted only to name the same extra field every time, so only when there is one.
        guard !object.keys.allSatisfy(allowed.contains) else { return }
        if let extra = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .unknownField(prefix + Sanitize.line(extra))
        }
    }

    func int(_ key: String) throws(JobError) -> Int {
        guard let value = object[key] else { throw .missingField(prefix + key) }
        guard let number = value.intValue else { throw .wrongType(field: prefix + key, expected: "an integer") }
        return number
    }

    func string(_ key: String, maxLength: Int = 1024) throws(JobError) -> String {
        guard let value = object[key] else { throw .missingField(prefix + key) }
        guard let text = value.stringValue else { throw .wrongType(field: prefix + key, expected: "a string") }
        // Never more characters than UTF-8 bytes: count characters only when the bytes exceed the limit.
        guard text.utf8.count <= maxLength || text.count <= maxLength else {
            throw .invalidValue(field: prefix + key, problem: "longer than \(maxLength) characters")
        }
        guard !text.utf8.contains(0) else { throw .invalidValue(field: prefix + key, problem: "contains NUL") }
        return text
    }

    func optionalString(_ key: String, maxLength: Int = 1024) throws(JobError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        return try string(key, maxLength: maxLength)
    }

    func object(_ key: String) throws(JobError) -> [String: JSONValue] {
        guard let value = object[key] else { throw .missingField(prefix + key) }
        guard let map = value.objectValue else { throw .wrongType(field: prefix + key, expected: "an object") }
        return map
    }

    func timestamp(_ key: String) throws(JobError) -> Date {
        let text = try string(key, maxLength: 64)
        do {
            return try Timestamp.rfc3339(text, years: Timestamp.jobYears)
        } catch {
            throw .invalidValue(field: prefix + key, problem: error.description)
        }
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

/// IP address syntax check.
enum IPAddress {
    static func isValid(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
