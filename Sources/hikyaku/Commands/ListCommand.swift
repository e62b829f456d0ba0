// ListCommand.swift — `hikyaku list`: one line per job, recipient masked.
import Foundation
import HikyakuSpool
import HikyakuService
import HikyakuBase

enum ListCommand: Command {
    static let name = "list"
    static let summary = "one line per job: id, state, kind, locale, masked recipient, attempts, age, last reply"
    static let usage = """
        usage: hikyaku list [STATE|all] [--kind K] [--since T] [--to ADDRESS] [--login ID] [--json]
          Lists the jobs in STATE (new, active, deferred, hold, failed, corrupt, sent), in every
          state with `all`, or by default in every state but sent. --kind keeps one kind; --since
          keeps jobs whose last attempt (or arrival, without one) is at or after T: an RFC 3339
          time or a span back from now (90s, 30m, 2h, 7d, 1w); --to and --login keep one recipient
          or one login. NEXT is when a deferred job is tried again; the last column is a failed
          job's own reason (superseded, expired, rate_limited, the refusal), else its last reply,
          cut at 80 characters only on a terminal. Recipients, also inside replies, are masked
          (o****@example.co.jp). --json prints one JSON document.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["kind", "since", "to", "login"], switches: ["json"])
        guard arguments.positionals.count <= 1 else { throw UsageError("expected at most one state") }
        let listable = SpoolState.allCases.filter { $0 != .tmp }
        var states = Operations.unsentStates
        if let name = arguments.positionals.first {
            states = name == "all" ? listable : [try arguments.state(name, allowed: listable, what: "STATE")]
        }
        let now = Date()
        let filter = Operations.JobFilter(
            states: states, kind: try arguments.kind(), since: try arguments.since(now: now), recipient: arguments.value("to"),
            loginID: arguments.value("login"))
        let operations = Operations(spool: try openOperatorSpool(try loadConfig(arguments)), tokens: nil)
        let entries = try operations.list(filter)
        let wide = isatty(STDOUT_FILENO) != 1
        print(arguments.flag("json") ? OperatorFormat.listJSON(entries, now: now) : OperatorFormat.listText(entries, now: now, wide: wide))
        return .ok
    }
}
