// Metrics.swift — the worker's counters and latency histogram, fed by job reports, read by the metrics file.
import Foundation
import HikyakuMail

/// Counts what the worker did since it started. Thread-safe; sending threads record, the loop renders.
public final class Metrics: @unchecked Sendable {
    /// Upper bounds (seconds) of the attempt latency histogram's buckets; `+Inf` is implied.
    public static let durationBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// A label pair of `hikyaku_deliveries_total`.
    public struct Delivery: Hashable, Sendable {
        public var kind: String
        public var outcome: String
    }

    private let lock = NSLock()
    private var deliveries: [Delivery: Int] = [:]
    private var bucketCounts = [Int](repeating: 0, count: Metrics.durationBuckets.count)
    private var durationSum = 0.0
    private var durationCount = 0
    private var possibleDuplicates = 0
    private var recovered = 0

    /// Starts every kind × outcome series of `catalogue` at 0, so rates work from the first scrape.
    public init(catalogue: MailCatalogue = .standard) {
        for kind in catalogue.kinds {
            for outcome in ["sent", "deferred", "failed"] { deliveries[Delivery(kind: kind.name, outcome: outcome)] = 0 }
        }
    }

    /// Counts one processed job.
    public func record(_ report: JobReport) {
        lock.lock()
        defer { lock.unlock() }
        deliveries[Delivery(kind: report.kind, outcome: report.state.rawValue), default: 0] += 1
        if report.possibleDuplicate { possibleDuplicates += 1 }
        if let seconds = report.attemptSeconds {
            durationSum += seconds
            durationCount += 1
            // Buckets are stored per bucket and made cumulative when rendered.
            if let index = Metrics.durationBuckets.firstIndex(where: { seconds <= $0 }) { bucketCounts[index] += 1 }
        }
    }

    /// Counts jobs put back into `new/` from `active/` (their worker was gone).
    public func recordRecovered(_ count: Int) {
        lock.lock()
        recovered += count
        lock.unlock()
    }

    /// A consistent copy of every value.
    public func snapshot() -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return Snapshot(
            deliveries: deliveries, bucketCounts: bucketCounts, durationSum: durationSum, durationCount: durationCount,
            possibleDuplicates: possibleDuplicates, recovered: recovered)
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
