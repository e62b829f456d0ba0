// HoldCommand.swift — `hikyaku hold`: park waiting jobs in hold/, where nothing sends or expires them.
import Foundation
import HikyakuService
import HikyakuBase

enum HoldCommand: Command {
    static let name = "hold"
    static let summary = "move waiting jobs (new/, deferred/) into hold/: never sent nor expired while held"
    static let usage = """
        usage: hikyaku hold ID... [--json]
               hikyaku hold --state new|deferred [--kind K] [--since T] [--dry-run] [--json]
          Moves each job from new/ or deferred/ into hold/ by one rename. A job in active/ is
          being sent and is refused (exit 75): hold it once it is deferred, or let it finish.
          `hikyaku release` puts held jobs back; holding a held job again is "unchanged". --state
          holds every job of that state (narrowed by --kind and --since); --dry-run only lists
          them. Exit 0, or for the first id not held: 66 no
          such job, 65 not waiting to be sent, 75 being sent.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["state", "kind", "since"], switches: ["json", "dry-run"])
        let operations = Operations(spool: try openOperatorSpool(try loadConfig(arguments)), tokens: nil)
        let targets = try bulkTargets(arguments, operations: operations, allowed: [.new, .deferred])
        if arguments.flag("dry-run") { return dryRun(targets, json: arguments.flag("json")) }
        let bulk = arguments.value("state") != nil
        return report(verb: "held", operations.hold(ids: targets), json: arguments.flag("json"), ignoreMissing: bulk)
    }
}
