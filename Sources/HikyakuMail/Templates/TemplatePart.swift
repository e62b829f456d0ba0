// TemplatePart.swift — the three parts of a mail each kind × language has a template file for.
import Foundation

/// One part of a mail: the subject line, the plain-text body or the HTML body fragment.
public enum TemplatePart: String, Sendable, CaseIterable {
    /// `<kind>/<lang>.subject`: one line, no partials, values inserted as they are.
    case subject
    /// `<kind>/<lang>.txt`: the text part; partials from `partials/<name>.<lang>.txt`.
    case text
    /// `<kind>/<lang>.html`: body content only; values HTML-escaped; partials from `.html` files.
    case html

    /// The file name extension: `subject`, `txt` or `html`.
    public var fileExtension: String {
        switch self {
        case .subject: return "subject"
        case .text: return "txt"
        case .html: return "html"
        }
    }

    /// How `{{name}}` values are escaped in this part.
    public var escaping: TemplateEscaping { self == .html ? .html : .none }

    /// The template's path relative to the templates directory, e.g. `password_reset/ja.html`.
    public func path(kind: String, language: String) -> String {
        "\(kind)/\(language).\(fileExtension)"
    }

    /// A partial's path relative to the templates directory, e.g. `partials/footer.ja.txt`;
    /// nil for the subject, which may not include partials.
    public func partialPath(name: String, language: String) -> String? {
        self == .subject ? nil : "partials/\(name).\(language).\(fileExtension)"
    }
}
