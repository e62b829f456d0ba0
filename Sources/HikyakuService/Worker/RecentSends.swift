// RecentSends.swift — the send rate of the last quarter second: how many jobs a worker may claim ahead.
import Foundation
import HikyakuBase

/// A ring of the latest send completions (monotonic nanoseconds). At the rate the connections
/// sent over the last `window`, `allowance` is how many jobs they will send within `horizon`:
/// that many may be claimed and prepared ahead of the free connections, enough to hide a sync's
/// latency behind a fast relay, and none behind a slow one (a claimed job would wait there for
/// its connection while another worker could send it). The rate is taken over a window
/// `windowFactor` times the horizon, so that one send that just ended does not read as a fast relay.
/// Not thread-safe: `JobQueue` holds its lock around it.
struct RecentSends {
    /// The rate is taken over this many horizons.
    static let windowFactor = 10
    /// How far ahead the allowance looks, and how far back the rate is taken, in nanoseconds.
    let horizon: UInt64
    let window: UInt64
    /// Most jobs claimed ahead.
    let cap: Int
    private var times: [UInt64]
    private var next = 0
    private var filled = 0

    /// Allows at most `cap` jobs for `horizonSeconds` (0 turns claim-ahead off).
    init(horizonSeconds: Double, cap: Int) {
        horizon = UInt64(max(0, horizonSeconds) * 1e9)
        window = horizon * UInt64(Self.windowFactor)
        self.cap = max(0, cap)
        // More sends than windowFactor × cap within the window cannot raise the allowance further.
        times = Array(repeating: 0, count: max(1, self.cap * Self.windowFactor))
    }

    /// Notes a send that ended at `now`.
    mutating func record(_ now: UInt64) {
        guard horizon > 0, cap > 0 else { return }
        times[next] = now
        next = (next + 1) % times.count
        filled = min(filled + 1, times.count)
    }

    /// Sends that ended in the `window` before `now` (at most the ring's capacity). Sends are
    /// recorded in time order, so the ones too old are dropped from the oldest end: amortised O(1).
    mutating func count(at now: UInt64) -> Int {
        guard horizon > 0 else { return 0 }
        let since = now > window ? now - window : 0
        while filled > 0 && times[(next + times.count - filled) % times.count] < since { filled -= 1 }
        return filled
    }

    /// Jobs that may be claimed ahead at `now`: the window's sends scaled to the horizon.
    mutating func allowance(at now: UInt64) -> Int {
        guard horizon > 0, cap > 0 else { return 0 }
        return min(cap, count(at: now) / Self.windowFactor)
    }

    /// The monotonic clock, in nanoseconds.
    static func now() -> UInt64 { MonotonicClock.now() }
}
