// Worker+Tuning.swift — the worker's scan intervals, batch sizes, claim-ahead and thread counts.
import Foundation

extension Worker {
    /// How often `new/` is listed in full, in case inotify missed a hand-off.
    static let newScanInterval: TimeInterval = 5
    /// How often `deferred/` is listed (other workers' deferrals) and orphans in `active/` are recovered.
    static let slowScanInterval: TimeInterval = 60
    /// Most jobs prepared together (their secrets issued with one sync).
    static let prepareBatch = 16

    /// How many preparing threads a worker runs: one per connection, so a free connection's next
    /// job can be prepared while other batches wait for their sync, but never more than the
    /// cores. More runnable threads than cores only took turns: on 2 cores, 2 preparing threads
    /// for 4 connections drained 12 % more on tmpfs and 40 % more on a journaled ext4 (fewer
    /// batches in flight, so larger ones and fewer syncs; docs/benchmarks.md).
    static func preparingThreads(connections: Int, cores: Int) -> Int {
        max(1, min(connections, cores))
    }
    /// Claim-ahead: beyond its free connections a worker claims as many jobs as its recent send
    /// rate will send in this many seconds (so another worker never waits much longer than that
    /// for a job this one holds; see `RecentSends`)…
    static let claimAheadSeconds = 0.025
    /// … and never more than this many per connection.
    static let claimAheadPerConnection = 16
}
