// MailField.swift — one field of a kind's `data` object: its name, how it is validated, an example value.
import Foundation

/// One field of a job's `data` object as a `MailKind` declares it.
public struct MailField: Sendable {
    /// How a field's value is checked (the errors name the field as `data.<name>`).
    public enum Rule: Sendable, Hashable {
        /// A string of at most `maxLength` characters, without NUL.
        case text(maxLength: Int)
        /// A mail address `MailAddress` accepts (at most 320 characters).
        case address
        /// An RFC 3339 timestamp of a real date in 1970–9999 (`Timestamp.rfc3339`), kept as a date.
        case timestamp
        /// An IPv4 or IPv6 address (at most 64 characters).
        case ipAddress
        /// One of `values` (a string of at most `maxLength` characters).
        case choice([String], maxLength: Int)
    }

    /// The field's name in `data`.
    public let name: String
    /// How its value is checked.
    public let rule: Rule
    /// Whether the field may be absent or null.
    public let isOptional: Bool
    /// The value used when an optional field is absent or null (nil: the field stays absent).
    public let defaultValue: String?
    /// A valid value for job number `n` of a generated load (the benchmark's jobs).
    public let example: @Sendable (Int) -> String

    /// A field named `name`, checked by `rule`; `example` defaults to one valid value per rule.
    public init(
        _ name: String, _ rule: Rule, optional: Bool = false, default defaultValue: String? = nil,
        example: (@Sendable (Int) -> String)? = nil
    ) {
        precondition(defaultValue == nil || optional, "data.\(name): only an optional field has a default")
        self.name = name
        self.rule = rule
        self.isOptional = optional
        self.defaultValue = defaultValue
        self.example = example ?? Self.example(for: rule)
    }

    private static func example(for rule: Rule) -> @Sendable (Int) -> String {
        switch rule {
        case .text: return { "example \($0)" }
        case .address: return { "user\($0)@example.com" }
        case .timestamp: return { _ in "2026-11-21T03:00:00Z" }
        case .ipAddress: return { "192.0.2.\($0 % 250 + 1)" }
        case .choice(let values, _): return { values[$0 % values.count] }
        }
    }
}

/// One validated value of a job's `data`.
public enum JobValue: Sendable, Equatable {
    /// A string: text, an address (as `MailAddress` normalised it), an IP address or a choice.
    case text(String)
    /// A timestamp.
    case date(Date)
}

extension MailField {
    /// The field's value in `data`, checked: nil only for an absent optional field with no default.
    func read(from data: FieldReader) throws(JobError) -> JobValue? {
        let field = "data.\(name)"
        switch rule {
        case .text(let maxLength):
            return try text(data, maxLength: maxLength).map(JobValue.text)
        case .address:
            if isOptional, try data.optionalString(name, maxLength: 320) == nil { return defaultValue.map(JobValue.text) }
            return .text(try data.address(name))
        case .timestamp:
            if isOptional, try data.optionalString(name, maxLength: 64) == nil { return defaultValue.map(JobValue.text) }
            return .date(try data.timestamp(name))
        case .ipAddress:
            guard let ip = try text(data, maxLength: 64) else { return nil }
            guard IPAddress.isValid(ip) else { throw .invalidValue(field: field, problem: "not an IPv4 or IPv6 address") }
            return .text(ip)
        case .choice(let values, let maxLength):
            guard let value = try text(data, maxLength: maxLength) else { return nil }
            guard values.contains(value) else { throw .invalidValue(field: field, problem: "expected \(Self.alternatives(values))") }
            return .text(value)
        }
    }

    /// The string value (or the default when optional and absent), checked for length and NUL.
    private func text(_ data: FieldReader, maxLength: Int) throws(JobError) -> String? {
        guard isOptional else { return try data.string(name, maxLength: maxLength) }
        return try data.optionalString(name, maxLength: maxLength) ?? defaultValue
    }

    /// `a`, `a or b`, `a, b or c`.
    static func alternatives(_ values: [String]) -> String {
        guard values.count > 1 else { return values.first ?? "" }
        return values.dropLast().joined(separator: ", ") + " or " + values[values.count - 1]
    }
}
