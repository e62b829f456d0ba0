// DirectorySpool+Events.swift — events/: what became of each job, for the web tier to read and acknowledge.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension DirectorySpool {
    /// The directory of delivery events (not a job state: the worker only adds to it, a reader
    /// removes what it has acknowledged).
    public var eventsPath: String { "\(root)/events" }

    /// A single event's file name (`writeEvent`): milliseconds since 1970 (zero-padded, so names
    /// sort by time), this process and a counter (unique across workers), then the job id.
    func eventName(id: String) -> String {
        let milliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return String(format: "%014lld", milliseconds) + "-\(ProcessIdentity.current)-\(counter.next())-\(id).json"
    }

    /// Adds one event for job `id` outside a group commit (what came back for a job after it was
    /// recorded): written to `tmp/`, synced, renamed into `events/`, the directory synced.
    /// Group-readable in the two-user layout, as the group commit writes events.
    public func writeEvent(id: String, data: Data) throws(SpoolError) {
        let temporary = path(.tmp, "\(id).\(ProcessIdentity.current).\(counter.next()).event")
        try spoolIO(Files.writeDurably(data, to: temporary, modified: nil, permissions: sharedGroup == nil ? 0o600 : 0o640))
        do { try spoolIO(Files.rename(temporary, "\(eventsPath)/\(eventName(id: id))")) } catch { unlink(temporary); throw error }
        try spoolIO(Files.syncDirectory(eventsPath))
    }

    /// The event files waiting, oldest first: `<time>-….jsonl` (one group commit's events, one
    /// JSON line each) and `<time>-….json` (one event, written by earlier versions). Anything
    /// not named like one is ignored.
    public func eventNames() throws(SpoolError) -> [String] {
        guard Files.exists(eventsPath) else { return [] }
        return try spoolIO(Files.list(eventsPath)).filter {
            ($0.hasSuffix(".json") || $0.hasSuffix(".jsonl")) && $0.first?.isNumber == true
        }
        .sorted()
    }

    /// One event file's bytes (a regular file of at most 64 KiB for a single event, 4 MiB for a
    /// group's lines).
    public func readEvent(_ name: String) throws(SpoolError) -> Data {
        try spoolIO(Files.readRegular("\(eventsPath)/\(name)", limit: name.hasSuffix(".jsonl") ? 4 << 20 : 64 * 1024))
    }

    /// Removes events a reader has handled, then syncs the directory once. A name already gone
    /// (another reader acknowledged it) is fine.
    public func acknowledgeEvents(_ names: [String]) throws(SpoolError) {
        guard !names.isEmpty else { return }
        for name in names where unlink("\(eventsPath)/\(name)") != 0 && errno != ENOENT {
            throw .io(path: "\(eventsPath)/\(name)", operation: "unlink", errno: errno)
        }
        try spoolIO(Files.syncDirectory(eventsPath))
    }

    /// Removes events written before `cutoff` (their names begin with the time), for a site whose
    /// web tier never reads them; returns how many. The directory is synced once if any went.
    public func pruneEvents(before cutoff: Date) throws(SpoolError) -> Int {
        let limit = Int64((cutoff.timeIntervalSince1970 * 1000).rounded(.down))
        let old = try eventNames().filter { name in (Int64(name.prefix(14)) ?? Int64.max) < limit }
        try acknowledgeEvents(old)
        return old.count
    }
}
