// TemplatesCommand.swift — `hikyaku templates check`: lint every template, file:line:column per problem.
import Foundation
import HikyakuCore

enum TemplatesCommand: Command {
    static let name = "templates"
    static let summary = "check every template (kinds, languages, parts, variables, partials)"
    static let usage = """
        usage: hikyaku templates check [--config FILE]
          Prints one `file:line:column: problem` line per problem; exit 65 when there is any.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: [])
        guard arguments.positionals == ["check"] else { throw UsageError("expected: hikyaku templates check") }
        let config = try loadConfig(arguments)
        let diagnostics = TemplateLinter().check(directory: URL(fileURLWithPath: config.templates))
        for diagnostic in diagnostics { print(diagnostic.description) }
        if diagnostics.isEmpty { print("templates ok: \(config.templates)") }
        return diagnostics.isEmpty ? .ok : .dataError
    }
}
