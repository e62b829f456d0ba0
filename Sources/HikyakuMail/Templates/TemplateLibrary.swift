// TemplateLibrary.swift — loads a templates directory once, parsed and cached, and renders one language.
import Foundation

/// Every template and partial of a templates directory, parsed at load and immutable after.
///
/// Layout, relative to `directory`: `<kind>/<lang>.subject|txt|html` for each kind in
/// `catalogue` and language in `languages`, and `partials/<name>.<lang>.txt|html`.
/// To pick up edits (SIGHUP), construct a new library; a failed load leaves the old one usable.
public struct TemplateLibrary: Sendable {
    /// The languages a mail can be written in, in the order `ja+en` assembles them.
    public static let languages = ["ja", "en"]

    /// The templates directory this library was loaded from.
    public let directory: URL
    /// The kinds whose templates were loaded; rendering any other kind is an error.
    public let catalogue: MailCatalogue
    /// Kind templates by relative path (`password_reset/ja.html`).
    let templates: [String: Template]
    /// Partials by "<lang>.<ext>" (`ja.txt`), then by name.
    let partials: [String: [String: Template]]
    /// The same templates and partials by kind, then language: found without building a path.
    private let sets: [String: [String: PartSet]]

    /// One kind's templates in one language, with the partials each part may include.
    private struct PartSet: Sendable {
        var templates: [TemplatePart: Template] = [:]
        var partials: [TemplatePart: [String: Template]] = [:]
    }

    /// Reads and parses every template and partial present under `directory` for the kinds of
    /// `catalogue`.
    ///
    /// Throws the first syntax error (with file, line and column), `.partialInSubject`, or
    /// `.unreadable`. Missing files do not fail the load; rendering them throws `.missingTemplate`,
    /// and `TemplateLinter` lists every gap at once.
    public init(directory: URL, catalogue: MailCatalogue = .standard) throws(TemplateError) {
        self.directory = directory
        self.catalogue = catalogue
        var templates: [String: Template] = [:]
        for kind in catalogue.names {
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
        var sets: [String: [String: PartSet]] = [:]
        for kind in catalogue.names {
            for language in Self.languages {
                var set = PartSet()
                for part in TemplatePart.allCases {
                    set.templates[part] = templates[part.path(kind: kind, language: language)]
                    if part != .subject { set.partials[part] = partials["\(language).\(part.fileExtension)"] ?? [:] }
                }
                sets[kind, default: [:]][language] = set
            }
        }
        self.sets = sets
    }

    /// The parsed template for one kind, language and part, or nil when its file is missing.
    public func template(kind: String, language: String, part: TemplatePart) -> Template? {
        templates[part.path(kind: kind, language: language)]
    }

    /// Renders the subject, text and HTML fragment of `kind` in `language` against `context`.
    ///
    /// Names the kind offers (`MailKind.templateVariables`) may be absent from `context` only where a
    /// section tests them; every other absent name throws `.unknownVariable` with its position.
    /// Throws `.unknownKind`, `.unknownLanguage`, `.missingTemplate`, `.missingPartial`, or
    /// `.multilineSubject` when the subject is more than one line (a value with a newline included:
    /// no header injection through values).
    public func render(
        kind: String, language: String, context: [String: TemplateValue]
    ) throws(TemplateError) -> RenderedParts {
        guard let declared = catalogue.templateVariables(for: kind) else {
            throw .unknownKind(kind, known: catalogue.names)
        }
        guard Self.languages.contains(language) else { throw .unknownLanguage(language) }
        let stack = TemplateContext(context)
        let set = sets[kind]?[language]

        func render(_ part: TemplatePart) throws(TemplateError) -> String {
            guard let template = set?.templates[part] else { throw .missingTemplate(file: part.path(kind: kind, language: language)) }
            let included = set?.partials[part] ?? [:]
            return try template.render(stack, escaping: part.escaping, partials: included, declared: declared)
        }

        // The subject file ends with a newline like any text file; a second line is an error.
        var subject = try render(.subject)
        subject = Self.trimmingTrailingNewlines(subject)
        let subjectLines =
            Self.mayHoldNewline(subject)
            ? subject.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count : 1
        if subjectLines > 1 {
            let path = TemplatePart.subject.path(kind: kind, language: language)
            throw .multilineSubject(file: path, lines: subjectLines)
        }
        return RenderedParts(subject: subject, text: try render(.text), html: try render(.html))
    }

    /// `text` without the newlines (`Character.isNewline`) at its end. Newline scalars never join
    /// a cluster but CR LF, so trailing bytes tell: LF, VT, FF, CR, NEL (C2 85), LS/PS (E2 80 A8/A9).
    static func trimmingTrailingNewlines(_ text: String) -> String {
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let last = utf8[utf8.index(before: end)]
            if last >= 0x0A && last <= 0x0D {
                end = utf8.index(before: end)
            } else if last == 0x85, utf8.distance(from: utf8.startIndex, to: end) >= 2,
                utf8[utf8.index(end, offsetBy: -2)] == 0xC2
            {
                end = utf8.index(end, offsetBy: -2)
            } else if last == 0xA8 || last == 0xA9, utf8.distance(from: utf8.startIndex, to: end) >= 3,
                utf8[utf8.index(end, offsetBy: -2)] == 0x80, utf8[utf8.index(end, offsetBy: -3)] == 0xE2
            {
                end = utf8.index(end, offsetBy: -3)
            } else {
                break
            }
        }
        return end == utf8.endIndex ? text : String(text[..<end])
    }

    /// Whether `text` holds a newline character (LF, VT, FF, CR, NEL, LS, PS), read from its bytes.
    static func mayHoldNewline(_ text: String) -> Bool {
        text.withUTF8Buffer { bytes in
            var previous: UInt8 = 0, beforePrevious: UInt8 = 0
            for b in bytes {
                if b >= 0x0A && b <= 0x0D { return true }
                if previous == 0xC2 && b == 0x85 { return true }
                if beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9) { return true }
                beforePrevious = previous
                previous = b
            }
            return false
        }
    }
}
