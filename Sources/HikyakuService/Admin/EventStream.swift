// EventStream.swift — reading the delivery events in events/ and acknowledging them.
import Foundation
import HikyakuBase
import HikyakuSpool

/// The web tier's view of `events/`: each event once, oldest first, removed when acknowledged.
/// A reader that dies between reading and acknowledging sees the same events again (at least
/// once, never lost); events are removed only after the caller has handled them.
///
/// A file holds the events of one group commit, one JSON object per line (`.jsonl`), or one
/// event (`.json`, from earlier versions). A file is removed only once every event in it was
/// acknowledged.
public struct EventStream: Sendable {
    public let spool: DirectorySpool

    public init(spool: DirectorySpool) {
        self.spool = spool
    }

    /// One waiting event: its file's name (the acknowledgement handle), its line in that file,
    /// and its JSON object.
    public struct Event: Sendable {
        public let name: String
        /// The event's place in its file (0 for the first line), and how many events the file holds.
        public let line: Int
        public let linesInFile: Int
        public let object: [String: JSONValue]
    }

    /// The events waiting now, oldest first. A file with a line that does not hold a JSON object
    /// is skipped whole (and left for an operator), never deleted.
    public func pending() throws(SpoolError) -> [Event] {
        try spool.eventNames().flatMap { name -> [Event] in
            guard let data = try? spool.readEvent(name) else { return [] }
            let lines = data.split(separator: 0x0a).filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0d } }
            var objects: [[String: JSONValue]] = []
            for line in lines {
                guard let object = try? JSONDocument.object(Data(line)) else { return [] }
                objects.append(object)
            }
            return objects.enumerated().map { Event(name: name, line: $0.offset, linesInFile: objects.count, object: $0.element) }
        }
    }

    /// Removes the files all of whose events are among `events` (after the caller has handled
    /// them); a file some of whose events were not handled stays, and is read again whole.
    public func acknowledge(_ events: [Event]) throws(SpoolError) {
        var handled: [String: (lines: Set<Int>, count: Int)] = [:]
        for event in events { handled[event.name, default: ([], event.linesInFile)].lines.insert(event.line) }
        let done = handled.filter { $0.value.lines.count == $0.value.count }.keys.sorted()
        try spool.acknowledgeEvents(done)
    }

    /// One line for people: time, state, job, kind, login, masked address, reason.
    public static func text(_ event: Event) -> String {
        let fields = ["time", "state", "job", "kind", "login_id", "to"].map { event.object[$0]?.stringValue ?? "-" }
        let reason = event.object["reason"]?.stringValue.map { "  \($0)" } ?? ""
        return fields.map { Sanitize.line($0, limit: 200) }.joined(separator: "  ") + reason
    }
}
