// FlushCommand.swift — `hikyaku flush`: deferred jobs due now, like `postqueue -f`.
import Foundation
import HikyakuService
import HikyakuBase

enum FlushCommand: Command {
    static let name = "flush"
    static let summary = "make deferred jobs due now (all, or the ids given), e.g. once the relay is back"
    static let usage = """
        usage: hikyaku flush [ID...] [--dry-run] [--json]
          Moves the given deferred jobs, or every job in deferred/, back into new/, where a
          running worker picks them up at once (or the next `hikyaku run --once`). The records
          are unchanged. --dry-run lists the jobs it would flush and moves nothing. Exit 0, or for the first id not flushed: 66 no such job, 65 not deferred.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: ["json", "dry-run"])
        let operations = Operations(spool: try openOperatorSpool(try loadConfig(arguments)), tokens: nil)
        if arguments.flag("dry-run") {
            let due =
                arguments.positionals.isEmpty
                ? try operations.select(.init(state: .deferred), keepingEndedOnPurpose: true) : arguments.positionals
            return dryRun(due, json: arguments.flag("json"))
        }
        let results = try operations.flush(ids: arguments.positionals)
        return report(verb: "flushed", results, json: arguments.flag("json"), ignoreMissing: arguments.positionals.isEmpty)
    }
}
