// StatusCommand.swift — `hikyaku status`: the spool at a glance, from its files alone.
import Foundation
import HikyakuService
import HikyakuBase
import HikyakuTokens

enum StatusCommand: Command {
    static let name = "status"
    static let summary = "jobs and oldest age per state, the last hour, the last error"
    static let usage = """
        usage: hikyaku status [--json] [--utc]
          Counts the jobs in each state with the oldest one's age (since it was received for
          new, active, deferred and hold; since it landed for tmp, sent, failed and corrupt),
          the deliveries and failures of the last hour (jobs purged or deleted since still
          count), the most recent deferred or failed reply (its time in the config's time_zone;
          --utc: in UTC), and whether the templates pass `templates check` (a worker refuses to
          start otherwise), the inbound messages per state (docs/inbound.md), and the suppression
          list's entries (active, notices only, held by the circuit breaker, expired). Reads the
          spool and the state only; no worker needs to run. --json prints one JSON document, times
          in RFC 3339 UTC.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: ["json", "utc"])
        _ = try arguments.positionals(exactly: 0, "no arguments")
        let config = try loadConfig(arguments)
        let operations = Operations(spool: try openOperatorSpool(config), tokens: nil)
        let report = try operations.status()
        let problems = config.templateDiagnostics()
        // The suppression list's counts (none yet: all zero).
        let suppression = try SuppressionList.openExisting(config: config)?.counts() ?? SuppressionCounts()
        if arguments.flag("json") {
            // The report's object, with the templates' state and the suppression counts added.
            let text = report.json()
            let templates = "\"templates\":{\"ok\":\(problems.isEmpty),\"problems\":\(problems.count)}"
            let counts = "\"suppression\":" + OperatorFormat.json(SuppressionFormat.countsJSON(suppression))
            print(text.hasSuffix("}") ? String(text.dropLast()) + ",\(counts),\(templates)}" : text)
        } else {
            print(report.text(zone: displayZone(arguments, config: config)))
            print(SuppressionFormat.countsText(suppression))
            print(
                problems.isEmpty
                    ? "templates: ok"
                    : "templates: \(problems.count) problem(s), the worker will not start: \(problems[0].description) (run hikyaku templates check)"
            )
        }
        return .ok
    }
}
