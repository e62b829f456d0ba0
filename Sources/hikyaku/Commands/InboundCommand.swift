// InboundCommand.swift — `hikyaku inbound parse FILE --json`: classifies one inbound message and checks its tag, touching no state.
import Foundation
import HikyakuBase
import HikyakuService

enum InboundCommand: Command {
    static let name = "inbound"
    static let summary = "classify an inbound message (bounce, delay, complaint, auto-reply) without touching state"
    static let usage = """
        usage: hikyaku inbound parse FILE --json
          Prints one line of JSON: kind (bounce, delayed, auto_reply, complaint, other), format
          (rfc3464, arf, rfc3834, text), the VERP tag seen (valid, and its job, when it verifies
          under the server secret of the config), the original Message-ID and job, and per
          recipient the action, status, reply code, reason and whether it is hard. Reads FILE (at
          most 2 MiB) and the server secret, nothing else; never touches the spool or the state.
          Exit 65 when FILE is not a mail, 66 when it cannot be read. See docs/inbound.md.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["config", "spool"], switches: ["json"])
        guard arguments.positionals.first == "parse" else { throw UsageError("the only inbound command so far is `parse FILE --json`") }
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
}
