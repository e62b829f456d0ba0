// TemplatesCommand.swift — `hikyaku templates check`: lint every template, file:line:column per problem.
import Foundation
import HikyakuMail
import HikyakuBase

enum TemplatesCommand: Command {
    static let name = "templates"
    static let summary = "check every template (kinds, languages, parts, variables, partials, charsets)"
    static let usage = """
        usage: hikyaku templates check [--config FILE]
          Lints the config's templates directory: every kind has every language and part, every
          variable is one its kind offers, partials exist, subjects are one line, and, for a
          language configured for ISO-2022-JP (`charsets`), subject and text hold only characters
          it can carry. Prints one `file:line:column: problem` line per problem; exit 65 when there is any.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: [])
        guard arguments.positionals == ["check"] else { throw UsageError("expected: hikyaku templates check") }
        let config = try loadConfig(arguments)
        let diagnostics = config.templateDiagnostics()
        for diagnostic in diagnostics { print(diagnostic.description) }
        if diagnostics.isEmpty { print("templates ok: \(config.templates)") }
        return diagnostics.isEmpty ? .ok : .dataError
    }
}
