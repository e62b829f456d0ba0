// ShowCommand.swift — `hikyaku show`: one job, its attempts, its link or code's state (never the secret).
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuSpool
import HikyakuService

enum ShowCommand: Command {
    static let name = "show"
    static let summary = "one job: its fields, every attempt's SMTP reply, its link or code's state"
    static let usage = """
        usage: hikyaku show ID [--json]
          Prints the job wherever it is in the spool, each attempt with its SMTP code, phase and
          reply, and the state of its link (active, used, revoked, superseded, expired) or of the
          login's one-time code. Never prints a token, a code or the seed they derive from. Text
          masks the recipient; --json prints the record as stored (without its seed).
          Exit 66 when no state holds the job.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: ["json"])
        let id = try arguments.positionals(exactly: 1, "one job id")[0]
        guard JobID.isValid(id) else { throw SpoolError.badID(id) }
        let config = try loadConfig(arguments)
        let spool = try openOperatorSpool(config)
        var tokens: TokenStore?
        do {
            tokens = try openExistingTokenStore(config)
        } catch {
            // The job is still worth showing; say why its token state is missing.
            complain("token state unavailable: \(error)")
        }
        guard let detail = Operations(spool: spool, tokens: tokens).show(id: id) else { throw SpoolError.notFound(id: id) }
        print(arguments.flag("json") ? detail.json() : detail.text(now: Date()))
        return .ok
    }
}
