// ReplayCommand.swift — `hikyaku replay`: failed (or, forced, sent) jobs back through new/, like `postsuper -r`.
import Foundation
import HikyakuService
import HikyakuBase

enum ReplayCommand: Command {
    static let name = "replay"
    static let summary = "send failed jobs again through new/, with a fresh link or code (--force for sent jobs)"
    static let usage = """
        usage: hikyaku replay ID... [--force] [--json]
               hikyaku replay --state failed|corrupt|sent [--kind K] [--since T] [--force] [--dry-run] [--json]
          Puts jobs back into new/. A link or code job gets a fresh one with its full lifetime and
          the old link is revoked at once; the attempts stay, the Message-ID changes, the reason
          file goes. A job whose job object is invalid is refused with its reason (it would only
          fail again). A corrupt entry goes back unchanged, for the worker to check again. Jobs
          in sent/ need --force. --since T keeps jobs whose last attempt is at or after T. A bulk
          replay skips jobs that failed as superseded or rate_limited (name them to replay them);
          --dry-run lists what it would replay and changes nothing.
          Prints a summary; a bulk replay on a terminal shows a counter on stderr.
          Exit 0, or for the first job not replayed: 66 no such job, 65 refused, 64 needs --force.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["state", "kind", "since"], switches: ["force", "json", "dry-run"])
        let ids = arguments.positionals
        let bulk = arguments.value("state") != nil
        guard bulk != !ids.isEmpty else { throw UsageError("give job ids or --state, not both (see --help)") }
        guard bulk || (arguments.value("kind") == nil && arguments.value("since") == nil) else {
            throw UsageError("--kind and --since go with --state")
        }
        let force = arguments.flag("force")
        let config = try loadConfig(arguments)
        // Opened before anything moves: a link is never replayed without revoking the old one.
        let operations = Operations(spool: try openOperatorSpool(config), tokens: try openExistingTokenStore(config))
        var targets = ids
        if let name = arguments.value("state") {
            let state = try arguments.state(name, allowed: [.failed, .corrupt, .sent, .bounced], what: "--state")
            guard (state != .sent && state != .bounced) || force else {
                throw UsageError("replaying \(state.rawValue)/ sends those mails again: add --force")
            }
            let selection = Operations.Selection(state: state, kind: try arguments.kind(), since: try arguments.since(now: Date()))
            targets = try operations.select(selection)
        }
        if arguments.flag("dry-run") {
            guard bulk else { throw UsageError("--dry-run goes with --state") }
            print(
                arguments.flag("json")
                    ? "{\"would_replay\":[\(targets.map { "\"\($0)\"" }.joined(separator: ","))]}" : targets.joined(separator: "\n"))
            return .ok
        }
        let progress = targets.count > 1 ? terminalProgress("replaying") : nil
        let results = operations.replay(ids: targets, force: force, progress: progress)
        return report(verb: "replayed", results, json: arguments.flag("json"), ignoreMissing: bulk)
    }
}
