// TemplateLinter+Partials.swift — lints partials/ and every `{{> name}}`: exists, parses, no recursion.
import Foundation

extension TemplateLinter {
    /// Parses every partial and checks its names against `MailKind.commonVariables` and its includes.
    /// Returns all partial files by path; the value is nil when the file did not parse (already
    /// reported), so its includers are not told it is missing.
    static func checkPartials(in directory: URL, into diagnostics: inout [TemplateDiagnostic]) -> [String: Template?] {
        let (found, stray) = TemplateLibrary.partialFiles(in: directory)
        for path in stray {
            diagnostics.append(
                TemplateDiagnostic(
                    file: path, line: 1, column: 1,
                    message: "unexpected file in partials/ (partials are named NAME.ja|en.txt|html)"))
        }
        var partials: [String: Template?] = [:]
        for file in found {
            partials[file.path] = .some(load(file.path, in: directory, missing: "", into: &diagnostics)?.template)
        }
        for file in found {
            guard case .some(.some(let partial)) = partials[file.path] else { continue }
            checkNames(of: partial, known: MailKind.commonVariables, into: &diagnostics)
            checkIncludes(of: partial, language: file.language, part: file.part, partials: partials, into: &diagnostics)
        }
        return partials
    }

    /// Each `{{> name}}` in `template` must name a partial for `language` and `part`; inside a
    /// partial, the include must not lead back to the partial itself.
    static func checkIncludes(
        of template: Template, language: String, part: TemplatePart, partials: [String: Template?],
        into diagnostics: inout [TemplateDiagnostic]
    ) {
        for include in template.references where include.role == .partial {
            guard let path = part.partialPath(name: include.name, language: language) else { continue }
            guard partials[path] != nil else {
                diagnostics.append(
                    TemplateDiagnostic(
                        file: template.file, line: include.line, column: include.column,
                        message: "partial \"\(include.name)\" not found (expected \(path))"))
                continue
            }
            var visited = Set<String>()
            let isPartial = template.file.hasPrefix("partials/")
            if isPartial,
                leadsBack(
                    from: path, to: template.file, language: language, part: part, partials: partials, visited: &visited)
            {
                diagnostics.append(
                    TemplateDiagnostic(
                        file: template.file, line: include.line, column: include.column,
                        message: "partial \"\(include.name)\" leads back to this file (a partial may not include itself)"))
            }
        }
    }

    /// Whether following includes from the partial at `path` reaches `target`.
    private static func leadsBack(
        from path: String, to target: String, language: String, part: TemplatePart,
        partials: [String: Template?], visited: inout Set<String>
    ) -> Bool {
        if path == target { return true }
        guard visited.insert(path).inserted, case .some(.some(let partial)) = partials[path] else { return false }
        for name in partial.partialNames {
            guard let next = part.partialPath(name: name, language: language) else { continue }
            let found = leadsBack(
                from: next, to: target, language: language, part: part, partials: partials, visited: &visited)
            if found { return true }
        }
        return false
    }
}
