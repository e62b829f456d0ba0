// MonotonicClock.swift — monotonic nanoseconds for intervals: timeouts, latencies, stopwatches.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CLOCK_MONOTONIC in nanoseconds: immune to wall-clock steps, comparable across threads.
public enum MonotonicClock {
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
