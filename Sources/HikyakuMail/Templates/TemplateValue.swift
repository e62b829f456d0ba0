// TemplateValue.swift — the values a context holds: text, flags, lists of objects, objects.
import Foundation

/// One value a template can name. Only `.string` renders as text; the others drive sections.
///
/// Literals build values directly: `"Aiko"`, `true`, `[["name": "a"]]`, `["city": "Kyoto"]`.
public enum TemplateValue: Sendable, Equatable {
    /// Text, inserted by `{{name}}` (escaped per part) and truthy in a section when non-empty.
    case string(String)
    /// A flag: a section renders once when true, an inverted section when false.
    case bool(Bool)
    /// A section renders once per element, with the element pushed on the context stack.
    case list([[String: TemplateValue]])
    /// A section renders once with the object pushed; dotted names (`{{a.b}}`) reach inside.
    case object([String: TemplateValue])

    /// Whether a section over this value renders (false, "" and [] do not).
    public var isTruthy: Bool {
        switch self {
        case .string(let text): return !text.isEmpty
        case .bool(let flag): return flag
        case .list(let elements): return !elements.isEmpty
        case .object: return true
        }
    }

    /// The case's name for error messages: "string", "bool", "list" or "object".
    public var kindName: String {
        switch self {
        case .string: return "string"
        case .bool: return "bool"
        case .list: return "list"
        case .object: return "object"
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// A `.string` from a literal (interpolation included).
    public init(stringLiteral value: String) { self = .string(value) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    /// A `.bool` from `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    /// A `.list` from an array of objects.
    public init(arrayLiteral elements: [String: TemplateValue]...) { self = .list(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// An `.object` from a dictionary literal; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
