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

    /// The reading `seconds` from now (negative counts as 0): a deadline to compare later
    /// `now()` readings with.
    package static func deadline(after seconds: Double) -> UInt64 {
        now() &+ UInt64(max(0, seconds) * 1e9)
    }

    /// Seconds left until `deadline` (a `now()`-based reading), 0 once it has passed.
    package static func remaining(until deadline: UInt64) -> Double {
        let current = now()
        return deadline > current ? Double(deadline - current) / 1e9 : 0
    }

    /// A wall-clock date `remaining(until: deadline)` from now, for APIs that take a `Date`
    /// (`NSCondition.wait(until:)`): re-derive it before each wait, so a step of the wall clock
    /// distorts at most that one wait, never the whole interval.
    package static func wallDate(at deadline: UInt64) -> Date {
        Date(timeIntervalSinceNow: remaining(until: deadline))
    }
}
