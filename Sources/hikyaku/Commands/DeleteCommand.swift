// DeleteCommand.swift — `hikyaku delete`: remove jobs by id from any state but active/ (postsuper -d).
import Foundation
import HikyakuBase
import HikyakuService

enum DeleteCommand: Command {
    static let name = "delete"
    static let summary = "delete jobs by id from any state but active/, revoking a live link or code first"
    static let usage = """
        usage: hikyaku delete ID... [--json]
          Deletes each job's record (and <id>.reason) from new/, deferred/, hold/, sent/, failed/ or
          corrupt/, like postsuper -d. A job being sent (active/) is refused (exit 75). A link or
          code the job carries is revoked first, so a deleted request can never be completed.
          Exit 0, or for the first id not deleted: 66 no such job, 75 being sent or a failure.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: ["json"])
        guard !arguments.positionals.isEmpty else { throw UsageError("expected one or more job ids") }
        let config = try loadConfig(arguments)
        let operations = Operations(spool: try openOperatorSpool(config), tokens: try openExistingTokenStore(config))
        return report(verb: "deleted", operations.delete(ids: arguments.positionals), json: arguments.flag("json"), ignoreMissing: false)
    }
}
