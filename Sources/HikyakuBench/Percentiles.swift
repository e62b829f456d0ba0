// Percentiles.swift — p50, p99 and max of a sample of milliseconds (nearest rank).
import Foundation

/// Order statistics of a sample, in milliseconds.
public struct Percentiles: Sendable, Equatable {
    public var count: Int
    public var p50: Double
    public var p99: Double
    public var max: Double

    /// Nearest-rank percentiles of `milliseconds` (all zero for an empty sample).
    public init(milliseconds: [Double]) {
        let sorted = milliseconds.sorted()
        count = sorted.count
        func rank(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = Int((p * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(0.50)
        p99 = rank(0.99)
        max = sorted.last ?? 0
    }
}
