// RemovalTally.swift — how many jobs that landed in sent/ or failed/ within the last hour an operator removed since.
import Foundation
import HikyakuBase
import HikyakuSpool

/// What keeps `status`'s "last hour" true across a `purge` or `delete`.
///
/// `status` counts the files in `sent/` and `failed/` whose mtime (when they landed there) is
/// within the last hour. Removing such a file would take it out of that count, so `purge` and
/// `delete` first note its landing time here: `<spool>/recently-removed.json`, counts per
/// landing second, entries older than an hour dropped at each write. `status` adds the noted
/// landings of the last hour to the files it finds. The worker never writes it (it costs the
/// worker nothing); only operator commands do, under the operator lock, durably (fsync).
/// A missing or unreadable file counts as empty. A replayed job leaves the count: it is being
/// tried again, and counts anew when it lands.
public struct RemovalTally: Sendable, Equatable {
    /// The file's name in the spool's root.
    public static let fileName = "recently-removed.json"
    /// How far back entries are kept: the hour `status` reports.
    static let window: TimeInterval = 3600

    /// Landing second (Unix time) → jobs removed that had landed then, per state.
    private(set) var counts: [SpoolState: [Int: Int]] = [:]

    /// The states whose last hour `status` reports.
    static let tracked: [SpoolState] = [.sent, .failed]

    /// An empty tally.
    public init() {}

    /// The tally of `spool`, or an empty one when the file is missing or unreadable.
    public static func load(from spool: DirectorySpool) -> RemovalTally {
        var tally = RemovalTally()
        guard let data = try? Files.readRegular(path(in: spool), limit: 1 << 20),
            case .object(let object)? = try? JSONValue.parse(data)
        else { return tally }
        for state in tracked {
            for pair in object[state.rawValue]?.arrayValue ?? [] {
                guard let pair = pair.arrayValue, pair.count == 2, let second = pair[0].intValue, let count = pair[1].intValue,
                    count > 0
                else { continue }
                tally.counts[state, default: [:]][second, default: 0] += count
            }
        }
        return tally
    }

    /// Notes that a job that landed in `state` at `landed` is being removed; ignored for states
    /// other than `sent` and `failed`, and for landings more than an hour before `now`.
    public mutating func note(_ state: SpoolState, landed: Date, now: Date) {
        guard Self.tracked.contains(state), landed >= now.addingTimeInterval(-Self.window) else { return }
        counts[state, default: [:]][Int(landed.timeIntervalSince1970.rounded(.down)), default: 0] += 1
    }

    /// Jobs removed from `state` that had landed at or after `since`.
    public func count(_ state: SpoolState, since: Date) -> Int {
        let first = Int(since.timeIntervalSince1970.rounded(.down))
        return (counts[state] ?? [:]).reduce(0) { $0 + ($1.key >= first ? $1.value : 0) }
    }

    /// Writes the tally durably into `spool`'s root, keeping only the last hour before `now`.
    public func save(to spool: DirectorySpool, now: Date) throws(FileFailure) {
        let first = Int(now.addingTimeInterval(-Self.window).timeIntervalSince1970.rounded(.down))
        var object: [String: JSONValue] = ["version": 1]
        for state in Self.tracked {
            let kept = (counts[state] ?? [:]).filter { $0.key >= first }.sorted { $0.key < $1.key }
            object[state.rawValue] = .array(kept.map { .array([.int($0.key), .int($0.value)]) })
        }
        try Files.replace(Self.path(in: spool), with: Array(JSONText.data(.object(object))))
    }

    /// `<spool>/recently-removed.json`.
    static func path(in spool: DirectorySpool) -> String { "\(spool.root)/\(fileName)" }
}
