// FlushCommand.swift — `hikyaku flush`: deferred jobs due now, like `postqueue -f`.
import Foundation
import HikyakuService
import HikyakuBase

enum FlushCommand: Command {
    static let name = "flush"
    static let summary = "make deferred jobs due now (all, or the ids given), e.g. once the relay is back"
    static let usage = """
        usage: hikyaku flush [ID...] [--json]
          Moves the given deferred jobs, or every job in deferred/, back into new/, where a
          running worker picks them up at once (or the next `hikyaku run --once`). The records
          are unchanged. Exit 0, or for the first id not flushed: 66 no such job, 65 not deferred.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: ["json"])
        let operations = Operations(spool: try openOperatorSpool(try loadConfig(arguments)), tokens: nil)
        let results = try operations.flush(ids: arguments.positionals)
        return report(verb: "flushed", results, json: arguments.flag("json"), ignoreMissing: arguments.positionals.isEmpty)
    }
}
