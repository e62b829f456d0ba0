// Operations+Purge.swift — `purge`: delete old records (and their reasons) from sent/, failed/ or corrupt/.
import Foundation
import HikyakuBase
import HikyakuSpool

/// What a purge did.
public struct PurgeReport: Sendable {
    /// The state purged.
    public let state: SpoolState
    /// Entries modified before this were purged.
    public let cutoff: Date
    /// Ids whose job file was deleted.
    public var removed: [String] = []
    /// `.reason` files deleted without a job beside them (left by a crash during a replay).
    public var orphanReasons = 0
    /// Entries left alone, each with why (a quarantined directory, an I/O error).
    public var skipped: [(name: String, why: String)] = []
    /// Whether any entry was left alone because of an I/O error (not merely a directory).
    public var hadErrors = false
}

extension Operations {
    /// The states `purge` may empty: the final ones.
    public static let purgeableStates: [SpoolState] = [.sent, .bounced, .failed, .corrupt]

    /// Deletes every `<id>.json` in `state` whose mtime is older than `age` seconds, with its
    /// `<id>.reason`, plus reason files left without a job. Only final states (`purgeableStates`)
    /// are accepted; a precondition, as the CLI checks it first. Directories in `corrupt/` are
    /// skipped (never recursed into); one failure does not stop the purge.
    /// With `dryRun`, reports what it would delete and deletes nothing. Jobs that landed within
    /// the last hour are noted in the `RemovalTally`, so `status`'s last hour keeps counting them.
    public func purge(state: SpoolState, olderThan age: TimeInterval, dryRun: Bool = false) throws -> PurgeReport {
        try spool.withOperatorLock { try purgeLocked(state: state, olderThan: age, dryRun: dryRun) }
    }

    private func purgeLocked(state: SpoolState, olderThan age: TimeInterval, dryRun: Bool) throws(SpoolError) -> PurgeReport {
        precondition(Operations.purgeableStates.contains(state), "purge only empties sent/, failed/ or corrupt/")
        var report = PurgeReport(state: state, cutoff: clock.now().addingTimeInterval(-age))
        let names = try spool.entries(in: state)
        let jobs = Set(names.compactMap(JobID.fromFileName))
        var tally: RemovalTally?
        for name in names.sorted() {
            guard let modified = spool.modified(name: name, in: state), modified < report.cutoff else { continue }
            do {
                if dryRun {
                    if let id = JobID.fromFileName(name) { report.removed.append(id) }
                    continue
                }
                if let id = JobID.fromFileName(name) {
                    guard try spool.delete(name: name, in: state) else { continue }
                    _ = try spool.delete(name: "\(id).reason", in: state)
                    report.removed.append(id)
                    // A job that landed within the hour still counts in `status`'s last hour.
                    if modified >= clock.now().addingTimeInterval(-RemovalTally.window) {
                        tally = tally ?? RemovalTally.load(from: spool)
                        tally?.note(state, landed: modified, now: clock.now())
                    }
                } else if name.hasSuffix(".reason"), !jobs.contains(String(name.dropLast(7))) {
                    if try spool.delete(name: name, in: state) { report.orphanReasons += 1 }
                }
            } catch {
                report.skipped.append((Sanitize.line(name), "\(error)"))
                if case .hostile = error {} else { report.hadErrors = true }
            }
        }
        if !dryRun { try DirectorySync.settle(state, in: spool) }
        do {
            try tally?.save(to: spool, now: clock.now())
        } catch {
            report.skipped.append((RemovalTally.fileName, "the last hour's tally was not kept: \(error)"))
            report.hadErrors = true
        }
        return report
    }
}
