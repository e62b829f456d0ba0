// EventStream.swift — reading the delivery events in events/ and acknowledging them.
import Foundation
import HikyakuBase
import HikyakuSpool

/// The web tier's view of `events/`: each event once, oldest first, removed when acknowledged.
/// A reader that dies between reading and acknowledging sees the same events again (at least
/// once, never lost); events are removed only after the caller has handled them.
public struct EventStream: Sendable {
    public let spool: DirectorySpool

    public init(spool: DirectorySpool) {
        self.spool = spool
    }

    /// One waiting event: its file name (the acknowledgement handle) and its JSON object.
    public struct Event: Sendable {
        public let name: String
        public let object: [String: JSONValue]
    }

    /// The events waiting now, oldest first. A file that does not hold a JSON object is skipped
    /// (and left for an operator), never deleted.
    public func pending() throws(SpoolError) -> [Event] {
        try spool.eventNames().compactMap { name in
            guard let data = try? spool.readEvent(name), let object = try? JSONDocument.object(data) else { return nil }
            return Event(name: name, object: object)
        }
    }

    /// Removes `events` (after the caller has handled them).
    public func acknowledge(_ events: [Event]) throws(SpoolError) {
        try spool.acknowledgeEvents(events.map(\.name))
    }

    /// One line for people: time, state, job, kind, login, masked address, reason.
    public static func text(_ event: Event) -> String {
        let fields = ["time", "state", "job", "kind", "login_id", "to"].map { event.object[$0]?.stringValue ?? "-" }
        let reason = event.object["reason"]?.stringValue.map { "  \($0)" } ?? ""
        return fields.map { Sanitize.line($0, limit: 200) }.joined(separator: "  ") + reason
    }
}
