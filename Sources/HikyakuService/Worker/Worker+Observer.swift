// Worker+Observer.swift — the worker hears each job's outcome: summary, metrics, the deferred schedule, write backoff.
import Foundation
import HikyakuBase

extension Worker: JobObserver {
    public func recorded(_ report: JobReport) {
        metrics.record(report)
        if report.state == .deferred, let due = report.nextAttemptAt { schedule.add(report.id, due: due) }
        tally.withLock { tally in
            tally.processed += 1
            switch report.state {
            case .sent: tally.summary.sent += 1
            case .deferred: tally.summary.deferred += 1
            default: tally.summary.failed += 1
            }
        }
    }

    /// Sleeps `delay` (waking early when stopping). A long-running worker keeps trying until it
    /// stops; `--once` gives up after three tries and leaves the job in active/ for recovery.
    public func shouldRetryWrite(attempt: Int, after delay: TimeInterval) -> Bool {
        if isOnce && attempt >= 3 { return false }
        let deadline = MonotonicClock.deadline(after: delay)
        while MonotonicClock.now() < deadline {
            if stop.isSet { return false }
            usleep(50_000)
        }
        return !stop.isSet
    }

    /// How many jobs reached a state so far.
    var processedCount: Int {
        tally.withLock { $0.processed }
    }
}
