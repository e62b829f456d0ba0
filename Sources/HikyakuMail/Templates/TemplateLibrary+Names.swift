// TemplateLibrary+Names.swift — which variables a part really uses, following its partials.
import Foundation

extension TemplateLibrary {
    /// Every variable and section name that `kind`'s `part` in `language` can render, including
    /// through the partials it includes (and theirs), e.g. `["to_name", "login_id", "link", …]`.
    /// Empty when the template is missing. Used to tie a character in a value to the part it lands in.
    public func names(usedBy kind: String, language: String, part: TemplatePart) -> Set<String> {
        guard let template = template(kind: kind, language: language, part: part) else { return [] }
        let included = partials["\(language).\(part.fileExtension)"] ?? [:]
        var names = Set<String>()
        var visited = Set<String>()
        func collect(_ template: Template) {
            for reference in template.references {
                if reference.role == .partial {
                    guard visited.insert(reference.name).inserted, let partial = included[reference.name] else { continue }
                    collect(partial)
                } else {
                    names.insert(reference.rootName)
                }
            }
        }
        collect(template)
        return names
    }
}
