// PurgeCommand.swift — `hikyaku purge`: delete old records from sent/, failed/ or corrupt/.
import Foundation
import HikyakuService
import HikyakuBase

enum PurgeCommand: Command {
    static let name = "purge"
    static let summary = "delete records older than a bound from sent/, bounced/, failed/ or corrupt/"
    static let usage = """
        usage: hikyaku purge --state sent|bounced|failed|corrupt --older-than SPAN [--dry-run] [--json]
          Deletes each <id>.json (and its <id>.reason) whose mtime is older than SPAN (90s, 30m,
          2h, 7d, 1w), and reason files left without a job. Quarantined directories are never
          entered: they are reported and left for an operator. Prints how many were purged;
          --dry-run prints the ids it would purge and deletes nothing.
          Exit 0, or 75 when an entry could not be deleted (it is named on stderr).
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["state", "older-than"], switches: ["json", "dry-run"])
        _ = try arguments.positionals(exactly: 0, "no arguments")
        let state = try arguments.state(try arguments.required("state"), allowed: Operations.purgeableStates, what: "--state")
        let span = try arguments.required("older-than")
        guard let age = TimeSpan.seconds(span) else {
            throw UsageError("--older-than \(Sanitize.line(span)): expected a span such as 90s, 30m, 2h, 7d, 1w")
        }
        let operations = Operations(spool: try openOperatorSpool(try loadConfig(arguments)), tokens: nil)
        let report = try operations.purge(state: state, olderThan: age, dryRun: arguments.flag("dry-run"))
        if arguments.flag("dry-run") { return dryRun(report.removed, json: arguments.flag("json")) }
        if !arguments.flag("json") { for skip in report.skipped { complain("\(skip.name): left alone: \(skip.why)") } }
        print(arguments.flag("json") ? report.json() : report.text())
        return report.hadErrors ? .temporaryFailure : .ok
    }
}
