// ShowCommand.swift — `hikyaku show`: one job, its attempts, its link or code's state (never the secret), or its mail.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuService

enum ShowCommand: Command {
    static let name = "show"
    static let summary = "one job: its fields, every attempt's SMTP reply, its link or code's state; or its mail (--message)"
    static let usage = """
        usage: hikyaku show ID [--json] [--utc]
               hikyaku show ID --message [--format text|eml|html]
          Prints the job wherever it is in the spool, each attempt with its SMTP code, phase and
          reply, and the state of its link (active, used, revoked, superseded, expired) or of the
          login's one-time code. Never prints a token, a code or the seed they derive from. Text
          masks the recipient and gives times in the config's time_zone (--utc: in UTC); --json
          prints the record as stored (without its seed), times in RFC 3339 UTC.
          --message prints the mail the worker composes for the job (like postcat -q), with the
          same Message-ID, date and wording, but the link's token replaced by [redacted] and the
          code by [code redacted]: the decoded headers and the text part (text, the default),
          the whole message as sent (eml), or the HTML part (html). The recipient is not masked.
          Exit 66 when no state holds the job; 65 when it has no mail (corrupt, or invalid).
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["format"], switches: ["json", "utc", "message"])
        let id = try arguments.positionals(exactly: 1, "one job id")[0]
        guard JobID.isValid(id) else { throw SpoolError.badID(id) }
        let config = try loadConfig(arguments)
        if arguments.flag("message") { return try showMessage(id: id, arguments, config: config) }
        guard arguments.value("format") == nil else { throw UsageError("--format goes with --message") }
        let spool = try openOperatorSpool(config)
        var tokens: TokenStore?
        do {
            tokens = try openExistingTokenStore(config)
        } catch {
            // The job is still worth showing; say why its token state is missing.
            complain("token state unavailable: \(error)")
        }
        guard let detail = Operations(spool: spool, tokens: tokens).show(id: id) else { throw SpoolError.notFound(id: id) }
        print(arguments.flag("json") ? detail.json() : detail.text(now: Date(), zone: displayZone(arguments, config: config)))
        return .ok
    }

    /// `--message`: the job's mail as composed, link and code redacted; the token store is never opened.
    static func showMessage(id: String, _ arguments: Arguments, config: Config) throws -> ExitCode {
        guard !arguments.flag("json"), !arguments.flag("utc") else { throw UsageError("--json and --utc do not go with --message") }
        let format = arguments.value("format") ?? "text"
        guard ["text", "eml", "html"].contains(format) else { throw UsageError("--format must be text, eml or html") }
        let spool = try openOperatorSpool(config)
        let composer = MailComposer(config: config, library: try TemplateLibrary.checked(config: config))
        let mail = try Operations(spool: spool, tokens: nil).message(id: id, composer: composer)
        switch format {
        case "eml": FileHandle.standardOutput.write(Data(mail.bytes))
        case "html": print(mail.rendered.html, terminator: "")
        default: print(mail.decodedText(), terminator: "")
        }
        return .ok
    }
}
