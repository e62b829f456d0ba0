// Template.swift — a parsed template: its node tree and every name it refers to, with positions.
import Foundation

/// A template parsed once and rendered many times; immutable and safe to share between threads.
///
/// Parsing lives in `Template+Parser.swift`, rendering in `Template+Render.swift`. The syntax is a
/// strict Mustache subset: `{{name}}`, `{{a.b}}`, `{{{raw}}}`, `{{& raw}}`, `{{#x}}…{{/x}}`,
/// `{{^x}}…{{/x}}`, `{{> partial}}` and `{{! comment }}`, with the spec's standalone-line rule.
public struct Template: Sendable {
    /// One name the template uses, where it is written, and how.
    public struct Reference: Sendable, Equatable, CustomStringConvertible {
        /// What the tag does with the name.
        public enum Role: String, Sendable, Equatable {
            /// `{{name}}` (escaped per part).
            case variable
            /// `{{{name}}}` or `{{& name}}`.
            case rawVariable
            /// `{{#name}}`.
            case section
            /// `{{^name}}`.
            case invertedSection
            /// `{{> name}}`.
            case partial
        }

        /// The name as written, e.g. `login_id`, `user.name` or a partial's `footer`.
        public let name: String
        /// What the tag does with the name.
        public let role: Role
        /// 1-based line of the tag's opening `{{`.
        public let line: Int
        /// 1-based column, in characters, of the tag's opening `{{`.
        public let column: Int

        /// The first part of a dotted name: what must exist in the context (`user` for `user.name`).
        public var rootName: String {
            String(name.prefix(while: { $0 != "." }))
        }

        public var description: String { "\(line):\(column) \(role.rawValue) \(name)" }
    }

    /// One piece of the tree.
    indirect enum Node: Sendable {
        case text(String)
        case variable(Reference, escaped: Bool)
        case section(Reference, inverted: Bool, children: [Node])
        /// `indent` is the whitespace before a standalone partial tag, applied to each of its lines.
        case partial(Reference, indent: String)
    }

    /// The file name used in errors, relative to the templates directory (`password_reset/ja.html`).
    public let file: String
    /// Every variable, section and partial reference, in document order, sections' insides included.
    public let references: [Reference]
    let nodes: [Node]

    /// Parses `source` (CRLF or LF line endings); `file` names it in errors.
    ///
    /// Throws `TemplateError` with the 1-based line and column of an unclosed tag or section, a
    /// mismatched or stray close, an empty or invalid name, or an unsupported tag. Never renders.
    public init(parsing source: String, file: String) throws(TemplateError) {
        self.file = file
        self.nodes = try Template.parse(source, file: file)
        self.references = Template.collectReferences(nodes)
    }

    /// Names of the partials this template includes, in order of first use.
    public var partialNames: [String] {
        var seen = Set<String>()
        return references.filter { $0.role == .partial && seen.insert($0.name).inserted }.map(\.name)
    }

    private static func collectReferences(_ nodes: [Node]) -> [Reference] {
        var found: [Reference] = []
        for node in nodes {
            switch node {
            case .text: break
            case .variable(let reference, _), .partial(let reference, _):
                found.append(reference)
            case .section(let reference, _, let children):
                found.append(reference)
                found += collectReferences(children)
            }
        }
        return found
    }
}
