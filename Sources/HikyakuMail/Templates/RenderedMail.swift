// RenderedMail.swift — what rendering produces: one language's parts, and the assembled mail.
import Foundation

/// One language's rendered parts, straight from its three templates.
public struct RenderedParts: Sendable, Equatable {
    /// One line, without its trailing newline; values as they are (MIME encodes it later).
    public let subject: String
    /// The text part as rendered, "\n" line endings.
    public let text: String
    /// The HTML body fragment as rendered (not yet a document).
    public let html: String

    /// Holds the three parts as given.
    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// A whole mail's content, in one or two languages, ready for MIME assembly.
public struct RenderedMail: Sendable, Equatable {
    /// One line: the language's subject, or "JA subject / EN subject" for `ja+en`.
    public let subject: String
    /// The text part, "\n" line endings, ending with exactly one newline.
    public let text: String
    /// A complete HTML document (doctype, charset, escaped title), ending with a newline.
    public let html: String
    /// The languages included, in order, e.g. `["ja", "en"]`.
    public let languages: [String]

    /// Holds the parts as given.
    public init(subject: String, text: String, html: String, languages: [String]) {
        self.subject = subject
        self.text = text
        self.html = html
        self.languages = languages
    }
}
