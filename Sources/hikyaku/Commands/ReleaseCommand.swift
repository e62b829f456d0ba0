// ReleaseCommand.swift — `hikyaku release`: held jobs back into new/, a fresh link or code if theirs expired meanwhile.
import Foundation
import HikyakuService
import HikyakuBase

enum ReleaseCommand: Command {
    static let name = "release"
    static let summary = "move held jobs back into new/ (a fresh link or code if theirs expired while held)"
    static let usage = """
        usage: hikyaku release ID... [--json]
               hikyaku release --state hold [--kind K] [--since T] [--dry-run] [--json]
          Moves each job from hold/ into new/. Time on hold does not count: a job whose link or
          code expired while held gets a fresh one (the old link revoked, a new Message-ID), and
          its give-up clock restarts. Releasing a job already waiting in new/ is "unchanged".
          --state hold releases every held job (narrowed by --kind and --since); --dry-run only
          lists them. Exit 0, or for the first id not released: 66 no such job,
          65 not held.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["state", "kind", "since"], switches: ["json", "dry-run"])
        let config = try loadConfig(arguments)
        let operations = Operations(spool: try openOperatorSpool(config), tokens: try openExistingTokenStore(config))
        let targets = try bulkTargets(arguments, operations: operations, allowed: [.hold])
        if arguments.flag("dry-run") { return dryRun(targets, json: arguments.flag("json")) }
        let bulk = arguments.value("state") != nil
        return report(verb: "released", operations.release(ids: targets), json: arguments.flag("json"), ignoreMissing: bulk)
    }
}
