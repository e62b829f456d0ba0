// Log+Fields.swift — a log line's field values as JSON.

extension Log {
    /// A field's value as JSON; nil for a type a log line does not carry.
    static func json(_ value: any Sendable) -> JSONValue? {
        switch value {
        case let text as String: return .string(text)
        case let number as Int: return .int(number)
        case let flag as Bool: return .bool(flag)
        case let number as Double: return .double(number)
        case let json as JSONValue: return json
        default: return nil
        }
    }
}
