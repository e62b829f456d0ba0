// TemplateLibrary.swift — loads a templates directory once, parsed and cached, and renders one language.
import Foundation

/// Every template and partial of a templates directory, parsed at load and immutable after.
///
/// Layout, relative to `directory`: `<kind>/<lang>.subject|txt|html` for each kind in
/// `KindVariables.kinds` and language in `languages`, and `partials/<name>.<lang>.txt|html`.
/// To pick up edits (SIGHUP), construct a new library; a failed load leaves the old one usable.
public struct TemplateLibrary: Sendable {
    /// The languages a mail can be written in, in the order `ja+en` assembles them.
    public static let languages = ["ja", "en"]

    /// The templates directory this library was loaded from.
    public let directory: URL
    /// Kind templates by relative path (`password_reset/ja.html`).
    let templates: [String: Template]
    /// Partials by "<lang>.<ext>" (`ja.txt`), then by name.
    let partials: [String: [String: Template]]

    /// Reads and parses every template and partial present under `directory`.
    ///
    /// Throws the first syntax error (with file, line and column), `.partialInSubject`, or
    /// `.unreadable`. Missing files do not fail the load; rendering them throws `.missingTemplate`,
    /// and `TemplateLinter` lists every gap at once.
    public init(directory: URL) throws(TemplateError) {
        self.directory = directory
        var templates: [String: Template] = [:]
        for kind in KindVariables.kinds {
            for language in Self.languages {
                for part in TemplatePart.allCases {
                    let path = part.path(kind: kind, language: language)
                    guard let source = try Self.readIfPresent(path, in: directory) else { continue }
                    let template = try Template(parsing: source, file: path)
                    let include = template.references.first { $0.role == .partial }
                    if part == .subject, let include {
                        throw .partialInSubject(
                            file: path, line: include.line, column: include.column, name: include.name)
                    }
                    templates[path] = template
                }
            }
        }
        var partials: [String: [String: Template]] = [:]
        for file in Self.partialFiles(in: directory).found {
            guard let source = try Self.readIfPresent(file.path, in: directory) else { continue }
            let key = "\(file.language).\(file.part.fileExtension)"
            partials[key, default: [:]][file.name] = try Template(parsing: source, file: file.path)
        }
        self.templates = templates
        self.partials = partials
    }

    /// The parsed template for one kind, language and part, or nil when its file is missing.
    public func template(kind: String, language: String, part: TemplatePart) -> Template? {
        templates[part.path(kind: kind, language: language)]
    }

    /// Renders the subject, text and HTML fragment of `kind` in `language` against `context`.
    ///
    /// Names `KindVariables.known(for: kind)` offers may be absent from `context` only where a
    /// section tests them; every other absent name throws `.unknownVariable` with its position.
    /// Throws `.unknownKind`, `.unknownLanguage`, `.missingTemplate`, `.missingPartial`, or
    /// `.multilineSubject` when the subject is more than one line (a value with a newline included:
    /// no header injection through values).
    public func render(
        kind: String, language: String, context: [String: TemplateValue]
    ) throws(TemplateError) -> RenderedParts {
        guard let declared = KindVariables.known(for: kind) else {
            throw .unknownKind(kind, known: KindVariables.kinds)
        }
        guard Self.languages.contains(language) else { throw .unknownLanguage(language) }
        let stack = TemplateContext(context)

        func render(_ part: TemplatePart) throws(TemplateError) -> String {
            let path = part.path(kind: kind, language: language)
            guard let template = templates[path] else { throw .missingTemplate(file: path) }
            let included = part == .subject ? [:] : partials["\(language).\(part.fileExtension)"] ?? [:]
            return try template.render(stack, escaping: part.escaping, partials: included, declared: declared)
        }

        // The subject file ends with a newline like any text file; a second line is an error.
        var subject = try render(.subject)
        while subject.last?.isNewline == true { subject.removeLast() }
        let subjectLines = subject.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
        if subjectLines > 1 {
            let path = TemplatePart.subject.path(kind: kind, language: language)
            throw .multilineSubject(file: path, lines: subjectLines)
        }
        return RenderedParts(subject: subject, text: try render(.text), html: try render(.html))
    }
}
