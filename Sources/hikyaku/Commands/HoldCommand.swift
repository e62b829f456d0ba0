// HoldCommand.swift — `hikyaku hold`: park waiting jobs in hold/, where nothing sends or expires them.
import Foundation
import HikyakuService
import HikyakuBase

enum HoldCommand: Command {
    static let name = "hold"
    static let summary = "move waiting jobs (new/, deferred/) into hold/: never sent nor expired while held"
    static let usage = """
        usage: hikyaku hold ID... [--json]
          Moves each job from new/ or deferred/ into hold/ by one rename. A job in active/ is
          being sent and is refused (exit 75): hold it once it is deferred, or let it finish.
          `hikyaku release` puts held jobs back. Exit 0, or for the first id not held: 66 no
          such job, 65 not waiting to be sent, 75 being sent.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: ["json"])
        guard !arguments.positionals.isEmpty else { throw UsageError("expected one or more job ids") }
        let operations = Operations(spool: try openOperatorSpool(try loadConfig(arguments)), tokens: nil)
        return report(verb: "held", operations.hold(ids: arguments.positionals), json: arguments.flag("json"), ignoreMissing: false)
    }
}
