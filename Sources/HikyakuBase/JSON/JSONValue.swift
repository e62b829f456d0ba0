// JSONValue.swift — one JSON value, typed: what job files, records, config and reports are read into and built from.

/// A JSON value. Numbers are `int` when the text was an integer (no fraction, no exponent) that
/// fits in `Int`, else `double`. Objects are unordered, as JSON's are; `JSONText` writes them
/// with sorted keys. Parse bytes with `JSONValue.parse(_:options:)`; write with `JSONText`.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false` (never a number).
    case bool(Bool)
    /// An integer written without fraction or exponent, within `Int`.
    case int(Int)
    /// Any other number: a fraction, an exponent, or an integer past `Int`'s range.
    case double(Double)
    /// A string, escapes decoded.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object; a key named twice keeps its last value (or is refused, per `JSONParseOptions`).
    case object([String: JSONValue])

    /// The member `key` of an object; nil when absent or when this is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The string, or nil for any other value.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The integer, or nil for any other value (a fraction, a boolean, a string of digits).
    public var intValue: Int? {
        guard case .int(let number) = self else { return nil }
        return number
    }

    /// The number as a `Double` (an integer converted), or nil for any other value.
    public var doubleValue: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    /// The boolean, or nil for any other value (never a number).
    public var boolValue: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }

    /// The members of an object, or nil for any other value.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// The elements of an array, or nil for any other value.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool { self == .null }

    /// `.string(text)`, or `.null` when `text` is nil.
    public init(_ text: String?) {
        self = text.map(JSONValue.string) ?? .null
    }

    /// `.int(number)`, or `.null` when `number` is nil.
    public init(_ number: Int?) {
        self = number.map(JSONValue.int) ?? .null
    }

    /// `.double(number)`, or `.null` when `number` is nil.
    public init(_ number: Double?) {
        self = number.map(JSONValue.double) ?? .null
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `.string(value)`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// `.int(value)`.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// `.bool(value)`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `.double(value)`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// `.array(elements)`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// `.object` of the pairs; keys must be unique, as in a `Dictionary` literal.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(uniqueKeysWithValues: elements))
    }
}
