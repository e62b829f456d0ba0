// GroupCommit+Events.swift — the events of one group commit written as one file of lines, durable and visible with its records.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension GroupCommit {
    /// An entry's event: one JSON line for `events/`.
    struct Event {
        /// The line, with its newline.
        var bytes: Data
        /// Where the group's events file is written (`tmp/`) and where it goes (`events/`).
        var temporaryDirectory: String
        var directory: String
        /// 0600, or 0640 in the two-user layout (the web tier reads events).
        var permissions: UInt32
    }

    /// The group's events file, written and open in `tmp/`, and the entries whose lines it holds.
    struct EventsFile {
        var descriptor: Int32
        var temporary: String
        var destination: String
        var directory: String
        var members: [Int]
    }

    /// Orders the names of one process's events files written in the same millisecond.
    private static let eventsCounter = AtomicCounter()

    /// Writes the events of `group`'s entries (those not failed yet), in the group's order, into
    /// one new file in `tmp/`; nil when no entry has one. If the file cannot be written, each of
    /// those entries fails with the error (their records stay where they are).
    static func writeEvents(_ group: [Entry], failures: inout [SpoolError?]) -> EventsFile? {
        let members = group.indices.filter { group[$0].event != nil && failures[$0] == nil }
        guard let first = members.first, let event = group[first].event else { return nil }
        var bytes = Data()
        for index in members {
            guard let line = group[index].event?.bytes else { continue }
            bytes.append(line)
            if line.last != 0x0a { bytes.append(0x0a) }
        }
        let name = eventsFileName()
        let temporary = "\(event.temporaryDirectory)/\(name).events"
        do {
            let descriptor = try spoolIO(Files.write(bytes, to: temporary, modified: nil, permissions: event.permissions))
            return EventsFile(
                descriptor: descriptor, temporary: temporary, destination: "\(event.directory)/\(name)", directory: event.directory,
                members: members)
        } catch {
            for index in members { failures[index] = error }
            return nil
        }
    }

    /// `<milliseconds since 1970, 14 digits>-<pid>-<counter, 8 digits>.jsonl`: names sort by time,
    /// then by the order one process wrote them, and are unique across workers.
    static func eventsFileName() -> String {
        let milliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return String(format: "%014lld-%d-%08d.jsonl", milliseconds, ProcessIdentity.current, eventsCounter.next())
    }
}
