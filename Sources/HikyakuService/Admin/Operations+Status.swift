// Operations+Status.swift — `status`: counts and oldest age per state, the last hour, the last error.
import Foundation
import HikyakuBase
import HikyakuSpool

/// The spool at a glance, computed from the files alone (no worker needs to run).
public struct StatusReport: Sendable {
    /// One state's line.
    public struct StateLine: Sendable {
        public let state: SpoolState
        public let count: Int
        /// The oldest entry's age in seconds (nil when empty): since it was received for the
        /// queued states, since it landed (its mtime, the clock `purge` uses) for the final ones.
        public let oldestAge: TimeInterval?
        /// The oldest entry's id.
        public let oldestID: String?
    }

    /// The most recent deferred or failed attempt (or failure) found in the spool.
    public struct LastError: Sendable {
        public let at: Date
        public let id: String
        public let state: SpoolState
        public let code: Int?
        public let reply: String
    }

    /// When the report was made.
    public let now: Date
    /// Every state, in `SpoolState.allCases` order.
    public let states: [StateLine]
    /// Jobs that landed in `sent/` in the last hour: the files there by mtime, plus those an
    /// operator purged or deleted since (`RemovalTally`).
    public let deliveredLastHour: Int
    /// Jobs that landed in `failed/` in the last hour, counted the same way.
    public let failedLastHour: Int
    /// The last error, if any deferred or failed job is still in the spool.
    public let lastError: LastError?
    /// Inbound messages per state (`new`, `done`, `other`, `quarantine`); empty when the spool
    /// has no `inbound/` yet.
    public let inbound: [InboundState: Int]
}

extension Operations {
    /// States whose age counts from when the job was received (records are read); in the
    /// others, from when the file landed there (only its mtime is read, so a large `sent/` is cheap).
    static let queuedStates: Set<SpoolState> = [.new, .active, .deferred, .hold]

    /// Counts, oldest ages, the last hour's deliveries and failures, and the last error.
    public func status() throws(SpoolError) -> StatusReport {
        let now = clock.now()
        let hourAgo = now.addingTimeInterval(-3600)
        var lines: [StatusReport.StateLine] = []
        let removed = RemovalTally.load(from: spool)
        var delivered = removed.count(.sent, since: hourAgo), failed = removed.count(.failed, since: hourAgo)
        var lastError: StatusReport.LastError?
        for state in SpoolState.allCases {
            // Each entry's "since" time: received (queued states) or landed (final states, tmp/).
            var times: [(id: String, at: Date)] = []
            if Operations.queuedStates.contains(state) {
                for entry in try inventory.entries(in: state) {
                    times.append((entry.id, entry.receivedAt))
                    if state == .deferred { lastError = newer(lastError, Operations.lastFailure(of: entry)) }
                }
            } else {
                let names = try spool.entries(in: state).filter { state == .tmp || JobID.fromFileName($0) != nil }
                for name in names {
                    guard let modified = spool.modified(name: name, in: state) else { continue }
                    times.append((JobID.fromFileName(name) ?? name, modified))
                    if state == .sent && modified >= hourAgo { delivered += 1 }
                    if state == .failed && modified >= hourAgo { failed += 1 }
                }
                // The newest failed record holds the most recent permanent failure.
                if state == .failed, let newest = times.max(by: { $0.at < $1.at }),
                    let entry = inventory.entry(id: newest.id, in: .failed)
                {
                    lastError = newer(lastError, Operations.lastFailure(of: entry))
                }
            }
            let oldest = times.min { $0.at < $1.at }
            lines.append(
                .init(state: state, count: times.count, oldestAge: oldest.map { now.timeIntervalSince($0.at) }, oldestID: oldest?.id))
        }
        return StatusReport(
            now: now, states: lines, deliveredLastHour: delivered, failedLastHour: failed, lastError: lastError,
            inbound: spool.inbound.counts())
    }

    /// The entry's last error: in `failed/`, its failing attempt, else its failure reason (an
    /// invalid job, a give-up) at the file's mtime; in `deferred/`, its last attempt.
    static func lastFailure(of entry: SpoolEntry) -> StatusReport.LastError? {
        if let attempt = entry.record?.attempts.last, attempt.outcome == (entry.state == .failed ? .failed : .deferred) {
            return .init(at: attempt.at, id: entry.id, state: entry.state, code: attempt.code, reply: attempt.reply)
        }
        guard entry.state == .failed, let reason = entry.record?.failureReason ?? entry.reason else { return nil }
        return .init(at: entry.modified, id: entry.id, state: entry.state, code: nil, reply: reason)
    }

    private func newer(_ a: StatusReport.LastError?, _ b: StatusReport.LastError?) -> StatusReport.LastError? {
        guard let a else { return b }
        guard let b else { return a }
        return b.at > a.at ? b : a
    }
}
