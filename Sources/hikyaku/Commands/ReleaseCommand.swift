// ReleaseCommand.swift — `hikyaku release`: held jobs back into new/, a fresh link or code if theirs expired meanwhile.
import Foundation
import HikyakuService
import HikyakuBase

enum ReleaseCommand: Command {
    static let name = "release"
    static let summary = "move held jobs back into new/ (a fresh link or code if theirs expired while held)"
    static let usage = """
        usage: hikyaku release ID... [--json]
          Moves each job from hold/ into new/. Time on hold does not count: a job whose link or
          code expired while held gets a fresh one (the old link revoked, a new Message-ID), and
          its give-up clock restarts. Exit 0, or for the first id not released: 66 no such job,
          65 not held.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: ["json"])
        guard !arguments.positionals.isEmpty else { throw UsageError("expected one or more job ids") }
        let config = try loadConfig(arguments)
        let operations = Operations(spool: try openOperatorSpool(config), tokens: try openExistingTokenStore(config))
        return report(verb: "released", operations.release(ids: arguments.positionals), json: arguments.flag("json"), ignoreMissing: false)
    }
}
