// Worker+State.swift — what the worker's threads share besides the queues: the run's tally and the loop's plan.
import Foundation
import HikyakuBase
import HikyakuTokens
import Synchronization

extension Worker {
    /// What a run did so far.
    struct Tally {
        var summary = Summary()
        /// Jobs that reached a state in this run (the once-drain stops when a pass adds none).
        var processed = 0
    }

    /// The loop's schedule: its deadlines are `MonotonicClock` readings, except the token sweep,
    /// which follows the injected `clock` (as token expiry does).
    struct Plan {
        var isOnce = false
        var nextMetricsWrite: UInt64 = 0
        var nextTokenSweep = Date.distantPast
        /// The suppression list's counts for the metrics file, and when they are next read again.
        var suppression: SuppressionCounts?
        var nextSuppressionCount: UInt64 = 0
    }

    /// Whether this run is `--once` (set by `run`; read by write retries on other threads).
    var isOnce: Bool {
        get { plan.withLock { $0.isOnce } }
        set { plan.withLock { $0.isOnce = newValue } }
    }

    /// When the metrics file is next due, a `MonotonicClock` reading (0: now).
    var nextMetricsWrite: UInt64 {
        get { plan.withLock { $0.nextMetricsWrite } }
        set { plan.withLock { $0.nextMetricsWrite = newValue } }
    }

    /// The suppression list's counts, read again at most once a minute (each read opens every
    /// entry); the last good counts (or none) when the list cannot be read.
    func suppressionCounts() -> SuppressionCounts? {
        plan.withLock { plan in
            guard MonotonicClock.now() >= plan.nextSuppressionCount else { return plan.suppression }
            plan.nextSuppressionCount = MonotonicClock.deadline(after: 60)
            if let counts = try? processor.suppression.counts(at: clock.now()) { plan.suppression = counts }
            return plan.suppression
        }
    }

    /// When the token store is next swept, by the injected `clock`.
    var nextTokenSweep: Date {
        get { plan.withLock { $0.nextTokenSweep } }
        set { plan.withLock { $0.nextTokenSweep = newValue } }
    }
}
