// EventsCommand.swift — `hikyaku events`: what became of each job, printed and acknowledged.
import Foundation
import HikyakuBase
import HikyakuService
import HikyakuSpool

enum EventsCommand: Command {
    static let name = "events"
    static let summary = "print what became of each job (sent, failed with its reason) and acknowledge it"
    static let usage = """
        usage: hikyaku events [--follow] [--json] [--keep]
          Prints the events the worker left in <spool>/events/ — one per job that reached sent/ or
          failed/, with its kind, login id, masked address, state, reason and time, never a
          secret — oldest first, then removes them (acknowledged), so the next call prints only
          newer ones. --json prints each event as one JSON line. --keep prints without
          acknowledging. --follow keeps watching for new events until interrupted. An event is
          removed only after it was printed: a reader killed in between sees it again.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: ["follow", "json", "keep"])
        _ = try arguments.positionals(exactly: 0, "no arguments")
        let config = try loadConfig(arguments)
        // The web tier's command: in the two-user layout a member reads events/ only.
        let spool = DirectorySpool(config: config)
        try spool.verifyEvents()
        let stream = EventStream(spool: spool)
        let json = arguments.flag("json")
        repeat {
            let events = try stream.pending()
            for event in events {
                print(json ? String(decoding: JSONText.data(.object(event.object)), as: UTF8.self) : EventStream.text(event))
            }
            // Printed before acknowledged: a reader killed in between sees the events again, and
            // output that could not be written (a full disk, a closed pipe) acknowledges nothing.
            guard fflush(nil) == 0 else {
                complain("events: cannot write the output; nothing acknowledged")
                return .ioError
            }
            if !arguments.flag("keep") { try stream.acknowledge(events) }
            if arguments.flag("follow") && events.isEmpty { Thread.sleep(forTimeInterval: 0.25) }
        } while arguments.flag("follow")
        return .ok
    }
}
