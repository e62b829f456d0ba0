// Metrics.swift — the worker's counters and latency histogram, fed by job reports, read by the metrics file.
import Foundation
import HikyakuMail
import Synchronization

/// Counts what the worker did since it started. Thread-safe; sending threads record, the loop renders.
public final class Metrics: Sendable {
    /// Upper bounds (seconds) of the attempt latency histogram's buckets; `+Inf` is implied.
    public static let durationBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// A label pair of `hikyaku_deliveries_total`.
    public struct Delivery: Hashable, Sendable {
        public var kind: String
        public var outcome: String
    }

    /// Every value, under one lock (a snapshot is one copy of it).
    private let counts: Mutex<Snapshot>

    /// Starts every kind × outcome series of `catalogue` at 0, so rates work from the first scrape.
    public init(catalogue: MailCatalogue = .standard) {
        var deliveries: [Delivery: Int] = [:]
        for kind in catalogue.kinds {
            for outcome in ["sent", "deferred", "failed"] { deliveries[Delivery(kind: kind.name, outcome: outcome)] = 0 }
            if kind.rateLimit != nil { deliveries[Delivery(kind: kind.name, outcome: "rate_limited")] = 0 }
            if kind.carriesSecret { deliveries[Delivery(kind: kind.name, outcome: "superseded")] = 0 }
            deliveries[Delivery(kind: kind.name, outcome: "suppressed")] = 0
        }
        counts = Mutex(
            Snapshot(
                deliveries: deliveries, bucketCounts: [Int](repeating: 0, count: Metrics.durationBuckets.count), durationSum: 0,
                durationCount: 0, possibleDuplicates: 0, recovered: 0))
    }

    /// Counts one processed job.
    public func record(_ report: JobReport) {
        counts.withLock { counts in
            let outcome =
                report.rateLimited
                ? "rate_limited" : report.superseded ? "superseded" : report.suppressed ? "suppressed" : report.state.rawValue
            counts.deliveries[Delivery(kind: report.kind, outcome: outcome), default: 0] += 1
            if report.possibleDuplicate { counts.possibleDuplicates += 1 }
            if let seconds = report.attemptSeconds {
                counts.durationSum += seconds
                counts.durationCount += 1
                // Buckets are stored per bucket and made cumulative when rendered.
                if let index = Metrics.durationBuckets.firstIndex(where: { seconds <= $0 }) { counts.bucketCounts[index] += 1 }
            }
        }
    }

    /// Counts jobs put back into `new/` from `active/` (their worker was gone).
    public func recordRecovered(_ count: Int) {
        counts.withLock { $0.recovered += count }
    }

    /// A consistent copy of every value.
    public func snapshot() -> Snapshot {
        counts.withLock { $0 }
    }

    /// The values at one instant.
    public struct Snapshot: Sendable {
        public var deliveries: [Delivery: Int]
        /// Per-bucket (not cumulative) counts, aligned with `durationBuckets`; the rest went to +Inf.
        public var bucketCounts: [Int]
        public var durationSum: Double
        public var durationCount: Int
        public var possibleDuplicates: Int
        public var recovered: Int
    }
}
