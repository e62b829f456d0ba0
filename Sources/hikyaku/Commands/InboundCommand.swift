// InboundCommand.swift — `hikyaku inbound parse|deliver|list|show`: mail that comes back, classified, stored and shown.
import Foundation
import HikyakuBase
import HikyakuService
import HikyakuSpool

enum InboundCommand: Command {
    static let name = "inbound"
    static let summary = "inbound mail (bounces, complaints, replies): parse a file, deliver from an MTA, list, show"
    static let usage = """
        usage: hikyaku inbound parse FILE --json
               hikyaku inbound deliver [--config FILE]
               hikyaku inbound list [new|done|other|quarantine] [--json] [--utc]
               hikyaku inbound show NAME [--json] [--utc]
               hikyaku inbound purge --older-than SPAN [--state done|other|quarantine] [--dry-run] [--json]
          parse classifies one message and prints one line of JSON: kind (bounce, delayed,
          auto_reply, complaint, other), format (rfc3464, arf, rfc3834, text), the VERP tag seen
          (valid, and its job, when it verifies under the server secret of the config), the
          original Message-ID and job, and per recipient the action, status, reply code, reason
          and whether it is hard. Reads FILE (at most 2 MiB) and the server secret, nothing else;
          touches no state. Exit 65 when FILE is not a mail, 66 when it cannot be read.
          deliver is for an MTA's pipe (Postfix pipe(8), an alias "|command"): it reads one message
          from standard input and stores it durably in <spool>/inbound/new/ (0600), then exits 0.
          A message over 2 MiB keeps its first 2 MiB and is filed in inbound/other/, never acted on;
          an empty one is not stored (exit 0, one line on stderr). Exit 75 (the MTA keeps the
          message and tries again) whenever it could not be stored: no spool (hikyaku init), an
          unsafe or unwritable one, a full disk, a bad config. Never 65.
          list prints one line per stored message: name, time received, state, kind, format,
          recipient (masked), reason, job. show prints one message's report and the message
          itself with every link's path, codes, tokens and addresses redacted; the raw message is
          never printed (read the file as its owner). purge deletes messages (with their reports)
          whose file is older than SPAN (30d, 12w) from done/ and other/, or the --state named;
          new/ is never purged. See docs/inbound.md.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        // deliver answers an MTA: every failure, even a usage error, must be 75, never 64 or 78.
        if words.first == "deliver" { return deliver(words) }
        let arguments = try Arguments(words, valued: ["older-than", "state"], switches: ["json", "utc", "dry-run"])
        switch arguments.positionals.first {
        case "parse": return try parse(arguments)
        case "list": return try list(arguments)
        case "show": return try show(arguments)
        case "purge": return try purge(arguments)
        default: throw UsageError("expected inbound parse, deliver, list, show or purge (see hikyaku inbound --help)")
        }
    }

    /// `inbound parse FILE --json`.
    private static func parse(_ arguments: Arguments) throws -> ExitCode {
        guard arguments.flag("json") else { throw UsageError("inbound parse prints JSON only: add --json") }
        guard arguments.positionals.count == 2 else { throw UsageError("inbound parse takes one FILE") }
        let path = arguments.positionals[1]
        guard let data = FileManager.default.contents(atPath: path) else {
            complain("\(Sanitize.line(path)): cannot read the file")
            return .noInput
        }
        let config = try loadConfig(arguments)
        var keys: ReturnPathKeys?
        do {
            keys = try ReturnPathKeys.load(config: config)
        } catch {
            // Still worth classifying; the tag just cannot be verified.
            complain("tag not verified: \(error)")
        }
        let report = try InboundClassifier.classify([UInt8](data), keys: keys, now: Date())
        print(String(decoding: JSONText.data(report.json), as: UTF8.self))
        return .ok
    }

    /// `inbound deliver`: exit 0 once stored, 75 whenever not.
    private static func deliver(_ words: [String]) -> ExitCode {
        do {
            let arguments = try Arguments(words, valued: [], switches: [])
            guard arguments.positionals == ["deliver"] else {
                throw UsageError("inbound deliver takes no arguments: the message comes on standard input")
            }
            let inbound = DirectorySpool(config: try loadConfig(arguments)).inbound
            guard let delivery = try inbound.deliver(from: FileHandle.standardInput.fileDescriptor, at: Date()) else {
                complain("inbound deliver: standard input was empty; nothing stored")
                return .ok
            }
            if delivery.received > delivery.stored {
                complain(
                    "inbound deliver: the message was \(delivery.received) bytes, over the \(delivery.stored)-byte limit: "
                        + "its first \(delivery.stored) bytes were stored as \(delivery.name.fileName), to be filed in inbound/other/")
            }
            print("stored inbound/new/\(delivery.name.fileName)")
            return .ok
        } catch {
            // Not stored: the MTA must keep the message (65 would make it bounce a bounce, and it is lost).
            complain("inbound deliver: not stored, the MTA should try again later: \(error)")
            return .temporaryFailure
        }
    }
}
