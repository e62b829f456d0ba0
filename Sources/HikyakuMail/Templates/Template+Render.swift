// Template+Render.swift — walks the node tree against a context stack; strict about every name.
import Foundation

extension Template {
    /// How deep partials may nest before rendering gives up (a partial including itself).
    public static let partialDepthLimit = 8

    /// Renders against `context`, escaping `{{name}}` values per `escaping`.
    ///
    /// - Parameters:
    ///   - partials: the templates `{{> name}}` may include, by name (same language and part).
    ///   - declared: names the kind offers but a job may leave out; a section over one of them
    ///     that is absent counts as false. A `{{name}}` that is absent is still an error.
    /// - Throws: `TemplateError.unknownVariable` for any name not on the stack (never empty text),
    ///   `.notText` for a non-string `{{name}}`, `.missingPartial`, `.partialTooDeep`.
    /// Values are inserted once and never parsed: a value holding `{{link}}` stays that text.
    public func render(
        _ context: TemplateContext, escaping: TemplateEscaping,
        partials: [String: Template] = [:], declared: Set<String> = []
    ) throws(TemplateError) -> String {
        var output = ""
        let pass = RenderPass(escaping: escaping, partials: partials, declared: declared)
        try pass.render(nodes, of: self, context: context, depth: 0, into: &output)
        return output
    }

    /// `render(TemplateContext(values), …)`.
    public func render(
        _ values: [String: TemplateValue], escaping: TemplateEscaping,
        partials: [String: Template] = [:], declared: Set<String> = []
    ) throws(TemplateError) -> String {
        try render(TemplateContext(values), escaping: escaping, partials: partials, declared: declared)
    }
}

/// What stays fixed for one render call, so the recursive walk passes only what changes.
private struct RenderPass {
    let escaping: TemplateEscaping
    let partials: [String: Template]
    let declared: Set<String>

    func render(
        _ nodes: [Template.Node], of template: Template, context: TemplateContext, depth: Int,
        into output: inout String
    ) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text

            case .variable(let reference, let escaped):
                let value = try lookUp(reference, in: template, context: context)
                guard case .string(let text) = value else {
                    throw .notText(
                        file: template.file, line: reference.line, column: reference.column,
                        name: reference.name, found: value.kindName)
                }
                output += escaped ? escaping.escape(text) : text

            case .section(let reference, let inverted, let children):
                // Absent but declared reads as false; absent and undeclared is an error.
                let value: TemplateValue
                if context.value(for: reference.name) == nil, declared.contains(reference.name) {
                    value = .bool(false)
                } else {
                    value = try lookUp(reference, in: template, context: context)
                }
                if inverted {
                    guard !value.isTruthy else { continue }
                    try render(children, of: template, context: context, depth: depth, into: &output)
                    continue
                }
                guard value.isTruthy else { continue }
                switch value {
                case .list(let elements):
                    for element in elements {
                        let inner = context.pushing(element)
                        try render(children, of: template, context: inner, depth: depth, into: &output)
                    }
                case .object(let members):
                    try render(children, of: template, context: context.pushing(members), depth: depth, into: &output)
                case .string, .bool:
                    try render(children, of: template, context: context, depth: depth, into: &output)
                }

            case .partial(let reference, let indent):
                guard let partial = partials[reference.name] else {
                    throw .missingPartial(
                        file: template.file, line: reference.line, column: reference.column, name: reference.name)
                }
                guard depth < Template.partialDepthLimit else {
                    throw .partialTooDeep(
                        file: template.file, line: reference.line, column: reference.column,
                        name: reference.name, limit: Template.partialDepthLimit)
                }
                guard !indent.isEmpty else {
                    try render(partial.nodes, of: partial, context: context, depth: depth + 1, into: &output)
                    continue
                }
                var included = ""
                try render(partial.nodes, of: partial, context: context, depth: depth + 1, into: &included)
                output += Self.indent(included, with: indent)
            }
        }
    }

    private func lookUp(
        _ reference: Template.Reference, in template: Template, context: TemplateContext
    ) throws(TemplateError) -> TemplateValue {
        guard let value = context.value(for: reference.name) else {
            throw .unknownVariable(
                file: template.file, line: reference.line, column: reference.column,
                name: reference.name, known: context.names)
        }
        return value
    }

    /// A standalone partial's indentation, put before each line it produced.
    private static func indent(_ text: String, with indent: String) -> String {
        guard !indent.isEmpty, !text.isEmpty else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let endsWithNewline = lines.last == ""
        if endsWithNewline { lines.removeLast() }
        return lines.map { indent + $0 }.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }
}
