// TemplateLinter.swift — checks a templates directory without rendering: files, syntax, names, partials.
import Foundation

/// Finds every problem in a templates directory at once, where `TemplateLibrary` stops at the first.
///
/// Checks that each kind × language × part exists and parses; that every name is one the kind
/// offers (`MailKind.templateVariables`; `MailKind.commonVariables` inside partials); that every partial
/// included exists for that language and part and does not include itself; that subjects are one
/// line and include no partial; that no stray file hides a typo; and, for languages configured for
/// ISO-2022-JP, that subject and text templates hold only characters it can carry.
public struct TemplateLinter: Sendable {
    /// The configured text charset per language (`charsets` in the config); absent means UTF-8.
    public let charsets: [String: MIMECharset]
    /// The kinds whose templates must exist (and no other kind directory may).
    public let catalogue: MailCatalogue

    /// A linter for the layout `TemplateLibrary` loads for `catalogue`, checking template text
    /// against `charsets`.
    public init(charsets: [String: MIMECharset] = [:], catalogue: MailCatalogue = .standard) {
        self.charsets = charsets
        self.catalogue = catalogue
    }

    /// Every problem under `directory`, sorted by file, line and column; empty when all is well.
    /// Never throws: an unreadable file is a diagnostic like any other.
    public func check(directory: URL) -> [TemplateDiagnostic] {
        guard TemplateLibrary.isDirectory(directory) else {
            let message = "templates directory \(directory.path) not found"
            return [TemplateDiagnostic(file: ".", line: 1, column: 1, message: message)]
        }
        var diagnostics: [TemplateDiagnostic] = []
        let partials = Self.checkPartials(in: directory, into: &diagnostics)
        for kind in catalogue.kinds {
            for language in TemplateLibrary.languages {
                for part in TemplatePart.allCases {
                    Self.checkTemplate(
                        kind: kind, language: language, part: part, partials: partials,
                        in: directory, into: &diagnostics)
                }
            }
        }
        Self.checkStrayFiles(in: directory, kinds: catalogue.names, into: &diagnostics)
        diagnostics += charsetDiagnostics(in: directory, kinds: catalogue.names)
        return diagnostics.sorted()
    }

    /// Reads and parses `path`; a missing, unreadable or malformed file becomes a diagnostic.
    static func load(
        _ path: String, in directory: URL, missing: String, into diagnostics: inout [TemplateDiagnostic]
    ) -> (source: String, template: Template)? {
        do throws(TemplateError) {
            guard let source = try TemplateLibrary.readIfPresent(path, in: directory) else {
                diagnostics.append(TemplateDiagnostic(file: path, line: 1, column: 1, message: missing))
                return nil
            }
            return (source, try Template(parsing: source, file: path))
        } catch {
            diagnostics.append(TemplateDiagnostic(error, file: path))
            return nil
        }
    }

    /// Every variable and section name of `template` must be in `known`.
    static func checkNames(of template: Template, known: Set<String>, into diagnostics: inout [TemplateDiagnostic]) {
        for reference in template.references where reference.role != .partial && !known.contains(reference.rootName) {
            let error = TemplateError.unknownVariable(
                file: template.file, line: reference.line, column: reference.column,
                name: reference.name, known: known.sorted())
            diagnostics.append(TemplateDiagnostic(error, file: template.file))
        }
    }

    private static func checkTemplate(
        kind: MailKind, language: String, part: TemplatePart, partials: [String: Template?],
        in directory: URL, into diagnostics: inout [TemplateDiagnostic]
    ) {
        let path = part.path(kind: kind.name, language: language)
        let missing = "missing template for kind \(kind.name) language \(language)"
        guard let (source, template) = load(path, in: directory, missing: missing, into: &diagnostics) else { return }
        checkNames(of: template, known: kind.templateVariables, into: &diagnostics)
        guard part == .subject else {
            checkIncludes(of: template, language: language, part: part, partials: partials, into: &diagnostics)
            return
        }
        for include in template.references where include.role == .partial {
            let error = TemplateError.partialInSubject(
                file: path, line: include.line, column: include.column, name: include.name)
            diagnostics.append(TemplateDiagnostic(error, file: path))
        }
        // Judge the file as written: one line, optionally followed by newlines.
        let lines = source.replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .newlines).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 1 {
            diagnostics.append(
                TemplateDiagnostic(
                    file: path, line: 2, column: 1, message: "subject has \(lines.count) lines (a subject is one line)"))
        } else if lines.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
            diagnostics.append(TemplateDiagnostic(file: path, line: 1, column: 1, message: "subject is empty"))
        }
    }

    /// Directories that are not kinds, and files in kind directories the layout does not name.
    private static func checkStrayFiles(in directory: URL, kinds: [String], into diagnostics: inout [TemplateDiagnostic]) {
        let entries = TemplateLibrary.names(in: directory)
        let expected = Set(
            TemplateLibrary.languages.flatMap { language in
                TemplatePart.allCases.map { "\(language).\($0.fileExtension)" }
            })
        for entry in entries where !entry.hasPrefix(".") && entry != "partials" {
            let url = directory.appendingPathComponent(entry)
            guard TemplateLibrary.isDirectory(url) else { continue }
            guard kinds.contains(entry) else {
                let known = kinds.joined(separator: ", ")
                diagnostics.append(
                    TemplateDiagnostic(
                        file: "\(entry)/", line: 1, column: 1, message: "unknown kind directory (known kinds: \(known))"))
                continue
            }
            let files = TemplateLibrary.names(in: url)
            for file in files where !file.hasPrefix(".") && !expected.contains(file) {
                diagnostics.append(
                    TemplateDiagnostic(
                        file: "\(entry)/\(file)", line: 1, column: 1,
                        message: "unexpected file (templates are named ja|en.subject, .txt or .html)"))
            }
        }
    }
}
