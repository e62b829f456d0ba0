// Worker+Inbound.swift — inbound mail beside the jobs: a thread of its own, so a slow message never holds a job up.
import Foundation
import HikyakuBase
import HikyakuSpool

extension Worker {
    /// Starts processing inbound mail: with `once`, one pass now (before the jobs are drained);
    /// otherwise a thread that makes a pass at start, whenever a message lands in `inbound/new/`,
    /// and every `newScanInterval` seconds (the maildir is polled), until the worker stops. The
    /// group is left when the thread ends (at once without an `inbound` processor).
    func startInbound(once: Bool) -> DispatchGroup {
        let done = DispatchGroup()
        guard let inbound else { return done }
        if once {
            inbound.pass(shouldStop: { stop.isSet })
            return done
        }
        done.enter()
        Thread.detachNewThread { [self] in
            let watcher = SpoolWatcher(directory: inbound.watchedDirectory)
            var next: UInt64 = 0
            while !stop.isSet {
                if MonotonicClock.now() >= next {
                    inbound.pass(shouldStop: { stop.isSet })
                    next = MonotonicClock.deadline(after: Worker.newScanInterval)
                }
                switch watcher.wait(milliseconds: 250) {
                case .names: next = 0
                // Without inotify every wait says rescan: the timed passes do.
                case .rescan: if watcher.isNotifying { next = 0 }
                case .timeout: break
                }
            }
            done.leave()
        }
        return done
    }
}
