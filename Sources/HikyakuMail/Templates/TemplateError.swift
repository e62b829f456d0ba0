// TemplateError.swift — every way parsing, loading or rendering a template can fail, as data.
import Foundation

/// A template problem, located by file (relative to the templates directory), line and column.
///
/// Lines and columns are 1-based; columns count characters, not bytes. `description` is one line
/// an operator can act on: `template password_reset/ja.html line 3 col 7: unknown variable …`.
public enum TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `{{` (or `{{{`) with no matching `}}` (or `}}}`).
    case unclosedTag(file: String, line: Int, column: Int)
    /// A `{{#name}}` or `{{^name}}` never closed before the end of the file.
    case unclosedSection(file: String, line: Int, column: Int, name: String)
    /// A `{{/name}}` with no section open.
    case unexpectedClose(file: String, line: Int, column: Int, name: String)
    /// A `{{/found}}` while the innermost open section is `expected`.
    case mismatchedClose(file: String, line: Int, column: Int, expected: String, found: String)
    /// A tag with nothing but whitespace for a name, e.g. `{{ }}` or `{{# }}`.
    case emptyName(file: String, line: Int, column: Int)
    /// A name with characters outside letters, digits, `_`, `-` (and `.` between parts of variables).
    case invalidName(file: String, line: Int, column: Int, name: String)
    /// A Mustache feature this subset leaves out: `{{=`, `{{<`, `{{$`.
    case unsupportedTag(file: String, line: Int, column: Int, tag: String)
    /// A subject that includes a partial; subjects are one line of their own.
    case partialInSubject(file: String, line: Int, column: Int, name: String)
    /// A variable or section name found nowhere in the context stack (strict: never empty text).
    case unknownVariable(file: String, line: Int, column: Int, name: String, known: [String])
    /// A bool, list or object used as `{{name}}`; only strings are text.
    case notText(file: String, line: Int, column: Int, name: String, found: String)
    /// A `{{> name}}` with no such partial for this language and part.
    case missingPartial(file: String, line: Int, column: Int, name: String)
    /// Partials nested deeper than `limit`, which almost always means a partial includes itself.
    case partialTooDeep(file: String, line: Int, column: Int, name: String, limit: Int)
    /// A subject that rendered to `lines` lines (a value with a newline, or a two-line file).
    case multilineSubject(file: String, lines: Int)
    /// A kind not in the library's `MailCatalogue`.
    case unknownKind(String, known: [String])
    /// A language other than `ja` or `en`.
    case unknownLanguage(String)
    /// A locale other than `ja`, `en` or `ja+en`.
    case unknownLocale(String)
    /// A template file the layout requires but the directory lacks.
    case missingTemplate(file: String)
    /// A template file that exists but cannot be read as UTF-8.
    case unreadable(file: String, reason: String)

    /// Where the problem is, when it has a place in a file: (file, line, column).
    public var location: (file: String, line: Int, column: Int)? {
        switch self {
        case .unclosedTag(let f, let l, let c), .emptyName(let f, let l, let c),
            .unclosedSection(let f, let l, let c, _), .unexpectedClose(let f, let l, let c, _),
            .mismatchedClose(let f, let l, let c, _, _), .invalidName(let f, let l, let c, _),
            .unsupportedTag(let f, let l, let c, _), .partialInSubject(let f, let l, let c, _),
            .unknownVariable(let f, let l, let c, _, _), .notText(let f, let l, let c, _, _),
            .missingPartial(let f, let l, let c, _), .partialTooDeep(let f, let l, let c, _, _):
            return (f, l, c)
        case .multilineSubject, .unknownKind, .unknownLanguage, .unknownLocale, .missingTemplate,
            .unreadable:
            return nil
        }
    }

    /// The problem and its hint, without the location prefix (the linter's message).
    public var message: String {
        switch self {
        case .unclosedTag:
            return "unclosed tag (add the closing \"}}\")"
        case .unclosedSection(_, _, _, let name):
            return "section \"\(name)\" is never closed (add {{/\(name)}})"
        case .unexpectedClose(_, _, _, let name):
            return "{{/\(name)}} closes no open section (remove it or open {{#\(name)}} before it)"
        case .mismatchedClose(_, _, _, let expected, let found):
            return "{{/\(found)}} does not close the open section \"\(expected)\" (close {{/\(expected)}} first)"
        case .emptyName:
            return "tag has no name (write e.g. {{login_id}})"
        case .invalidName(_, _, _, let name):
            return "invalid name \"\(name)\" (use letters, digits, _ and -; dots only between variable parts)"
        case .unsupportedTag(_, _, _, let tag):
            return "unsupported tag \"\(tag)\" (no delimiter changes, parents or blocks in this renderer)"
        case .partialInSubject(_, _, _, let name):
            return "subject includes partial \"\(name)\" (subjects are one line; write the text inline)"
        case .unknownVariable(_, _, _, let name, let known):
            return "unknown variable \"\(name)\" (known: \(known.joined(separator: ", ")))"
        case .notText(_, _, _, let name, let found):
            return "variable \"\(name)\" is a \(found), not text (use {{#\(name)}}…{{/\(name)}})"
        case .missingPartial(_, _, _, let name):
            return "partial \"\(name)\" not found (add partials/\(name).<lang>.txt and .html)"
        case .partialTooDeep(_, _, _, let name, let limit):
            return "partial \"\(name)\" nested deeper than \(limit) (does a partial include itself?)"
        case .multilineSubject(_, let lines):
            return "subject renders to \(lines) lines (keep the file to one line; values must not contain newlines)"
        case .unknownKind(let kind, let known):
            return "unknown mail kind \"\(kind)\" (known: \(known.joined(separator: ", ")))"
        case .unknownLanguage(let language):
            return "unknown language \"\(language)\" (use ja or en)"
        case .unknownLocale(let locale):
            return "unknown locale \"\(locale)\" (use ja, en or ja+en)"
        case .missingTemplate:
            return "file missing (create it in the templates directory)"
        case .unreadable(_, let reason):
            return "cannot read as UTF-8 (\(reason))"
        }
    }

    public var description: String {
        if let (file, line, column) = location {
            return "template \(file) line \(line) col \(column): \(message)"
        }
        switch self {
        case .multilineSubject(let file, _), .missingTemplate(let file), .unreadable(let file, _):
            return "template \(file): \(message)"
        default:
            return message
        }
    }
}
