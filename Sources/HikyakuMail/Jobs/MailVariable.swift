// MailVariable.swift — one template variable a mail kind makes from its job's data, and how.

/// A template variable of a `MailKind`, made from one field of the job's `data`
/// (`MailComposer` evaluates it per language).
public struct MailVariable: Sendable, Hashable {
    /// How the value is made from the field.
    public enum Source: Sendable, Hashable {
        /// The field's text as it is; `absent` per language (`ja`, `en`) when the field is absent.
        case text(field: String, absent: [String: String])
        /// The field's timestamp as a local date and time in the mail's language.
        case dateTime(field: String)
        /// True when the field's text is `value` (a section: `{{#name}}…{{/name}}`).
        case flag(field: String, equals: String)
    }

    /// The name templates use.
    public let name: String
    /// Where its value comes from.
    public let source: Source

    /// A variable named `name`, made from `source`.
    public init(_ name: String, _ source: Source) {
        self.name = name
        self.source = source
    }

    /// The text of field `field` (default: the variable's own name); `absent` per language when
    /// the optional field is absent (with no fallback, the variable is then not set).
    public static func text(_ name: String, field: String? = nil, absent: [String: String] = [:]) -> MailVariable {
        MailVariable(name, .text(field: field ?? name, absent: absent))
    }

    /// The timestamp of field `field` (default: the variable's own name) as local date and time.
    public static func dateTime(_ name: String, field: String? = nil) -> MailVariable {
        MailVariable(name, .dateTime(field: field ?? name))
    }

    /// Whether the text of field `field` is `value`.
    public static func flag(_ name: String, field: String, equals value: String) -> MailVariable {
        MailVariable(name, .flag(field: field, equals: value))
    }
}
