// StatusCommand.swift — `hikyaku status`: the spool at a glance, from its files alone.
import Foundation
import HikyakuService
import HikyakuBase

enum StatusCommand: Command {
    static let name = "status"
    static let summary = "jobs and oldest age per state, the last hour, the last error"
    static let usage = """
        usage: hikyaku status [--json]
          Counts the jobs in each state with the oldest one's age (since it was received for
          new, active, deferred and hold; since it landed for tmp, sent, failed and corrupt),
          the deliveries and failures of the last hour, and the most recent deferred or failed
          reply. Reads the spool only; no worker needs to run. --json prints one JSON document.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: ["json"])
        _ = try arguments.positionals(exactly: 0, "no arguments")
        let operations = Operations(spool: try openOperatorSpool(try loadConfig(arguments)), tokens: nil)
        let report = try operations.status()
        print(arguments.flag("json") ? report.json() : report.text())
        return .ok
    }
}
