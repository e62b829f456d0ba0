// BenchClock.swift — monotonic nanoseconds for the bench's stopwatches, and percentiles over them.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CLOCK_MONOTONIC in nanoseconds: immune to wall-clock steps, comparable across threads.
public enum BenchClock {
    /// Now, in nanoseconds since an arbitrary start.
    public static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Seconds between two `now()` readings.
    public static func seconds(from start: UInt64, to end: UInt64) -> Double {
        Double(end &- start) / 1e9
    }
}

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

/// The process's resident set: current and peak (VmHWM), resettable between scenarios.
public enum PeakMemory {
    /// Resets the peak to the current RSS (Linux `clear_refs` 5); false when the kernel refuses.
    @discardableResult
    public static func reset() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// The peak RSS in bytes since start or the last `reset()` (VmHWM), else `ru_maxrss`.
    public static func peakBytes() -> Int {
        if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                let digits = line.split(separator: " ").compactMap { Int($0) }
                if let kilobytes = digits.first { return kilobytes * 1024 }
            }
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }
}
