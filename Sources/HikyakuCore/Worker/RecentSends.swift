// RecentSends.swift — how many sends ended within the last few milliseconds: the worker's claim-ahead allowance.
import Foundation

/// A ring of the latest send completions (monotonic nanoseconds). What the connections sent in
/// the last `horizon` is what they will likely send in the next one, so that many jobs may be
/// claimed and prepared ahead of the free connections: enough to hide a sync's latency behind a
/// fast relay, and none behind a slow one (where a claimed job would wait for its connection
/// while another worker could send it). Not thread-safe: `JobQueue` holds its lock around it.
struct RecentSends {
    /// How far back a send counts, in nanoseconds (0 turns claim-ahead off).
    let horizon: UInt64
    private var times: [UInt64]
    private var next = 0
    private var filled = 0

    /// Counts at most `cap` sends within `horizonSeconds`.
    init(horizonSeconds: Double, cap: Int) {
        horizon = UInt64(max(0, horizonSeconds) * 1e9)
        times = Array(repeating: 0, count: max(1, cap))
    }

    /// Notes a send that ended at `now`.
    mutating func record(_ now: UInt64) {
        guard horizon > 0 else { return }
        times[next] = now
        next = (next + 1) % times.count
        filled = min(filled + 1, times.count)
    }

    /// Sends that ended in the `horizon` before `now` (at most the ring's capacity).
    func count(at now: UInt64) -> Int {
        guard horizon > 0 else { return 0 }
        let since = now > horizon ? now - horizon : 0
        var n = 0
        var index = next
        while n < filled {  // newest first: stop at the first one too old
            index = (index + times.count - 1) % times.count
            if times[index] < since { break }
            n += 1
        }
        return n
    }

    /// The monotonic clock, in nanoseconds.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
