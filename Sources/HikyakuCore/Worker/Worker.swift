// Worker.swift — the loop: recover, watch new/, feed the sending threads, retry due deferred jobs, stop cleanly.
import Foundation

/// Runs the spool: `connections` sending threads, each with its own transport (and so its own
/// reused SMTP connection), fed by one scanning thread.
public final class Worker: @unchecked Sendable {
    /// What a run did.
    public struct Summary: Sendable {
        public var sent = 0
        public var deferred = 0
        public var failed = 0
    }

    let spool: DirectorySpool
    let processor: JobProcessor
    let log: Log
    let clock: any Clock
    let stop: StopFlag
    let connections: Int
    let shutdownBound: TimeInterval
    private let queue = JobQueue()
    private let lock = NSLock()
    private var summary = Summary()

    /// A worker over `spool` with `connections` senders; `shutdownBound` caps how long a stop
    /// waits for messages in flight.
    public init(spool: DirectorySpool, processor: JobProcessor, connections: Int, shutdownBound: TimeInterval, clock: any Clock, log: Log, stop: StopFlag) {
        self.spool = spool
        self.processor = processor
        self.connections = max(1, connections)
        self.shutdownBound = shutdownBound
        self.clock = clock
        self.log = log
        self.stop = stop
    }

    /// Runs until stopped (or, with `once`, until nothing is ready). `makeTransport` is called
    /// once per sending thread before any thread starts; `reload` is called on SIGHUP.
    public func run(once: Bool, makeTransport: () throws -> any Transport, reload: (() -> MailComposer?)? = nil) throws -> Summary {
        // 1. Make the spool safe to use; recover what a dead worker left in active/.
        try spool.prepare()
        let membership = try SpoolLock(spool: spool)
        try membership.joinWorkers { () throws(SpoolError) in
            let recovered = try spool.recoverActive()
            if !recovered.isEmpty { log.event("recovered", ["count": recovered.count]) }
            try spool.sweepTemporary(olderThan: 36 * 3600, now: clock.now())
        }
        // 2. One transport per sending thread, created up front so a bad config fails at once.
        let transports = try (0..<connections).map { _ in try makeTransport() }
        let watcher = SpoolWatcher(directory: spool.path(.new))
        let senders = DispatchGroup()
        for transport in transports {
            let box = TransportBox(transport)
            senders.enter()
            Thread.detachNewThread { [self] in
                while let id = queue.pop() {
                    let outcome = processor.process(id: id, transport: box.transport)
                    count(outcome)
                    queue.done(id)
                }
                senders.leave()
            }
        }
        log.event("worker_started", ["connections": connections, "inotify": watcher.isNotifying, "once": once])
        // 3. Feed the senders until told to stop (or, once, until the spool has nothing ready).
        var lastFullScan = Date.distantPast
        var firstPass = true
        while !stop.isSet {
            // Once: due deferred jobs get one try in this run, however short the retry delay.
            if !once || firstPass { promoteDueDeferred() }
            firstPass = false
            if once {
                let added = queue.push(readyIDs())
                queue.waitUntilIdle()
                if added == 0 { break }
                continue
            }
            if Date().timeIntervalSince(lastFullScan) > 5 {
                queue.push(readyIDs())
                lastFullScan = Date()
            }
            switch watcher.wait(milliseconds: 500) {
            case .names(let names): queue.push(names.compactMap(JobID.fromFileName))
            case .rescan: lastFullScan = .distantPast
            case .timeout: break
            }
            if stop.takeReload(), let composer = reload?() {
                processor.replaceComposer(composer)
                log.event("templates_reloaded")
            }
        }
        // 4. Stop claiming; let messages in flight finish within the bound.
        queue.close(discardPending: true)
        if senders.wait(timeout: .now() + shutdownBound) == .timedOut {
            log.event("shutdown_timeout", ["seconds": Int(shutdownBound)])
        }
        // Every finished job's record durable (and logged) before the summary.
        spool.waitForGroupedMoves()
        lock.lock()
        defer { lock.unlock() }
        log.event("worker_stopped", ["sent": summary.sent, "deferred": summary.deferred, "failed": summary.failed])
        return summary
    }

    /// Ids in new/; odd names (not dot files) are quarantined so they never block anything.
    private func readyIDs() -> [String] {
        guard let names = try? spool.entries(in: .new) else { return [] }
        var ids: [String] = []
        for name in names {
            if let id = JobID.fromFileName(name) {
                ids.append(id)
            } else if !name.hasPrefix(".") {
                try? spool.quarantine(name: name, from: .new, reason: "file name does not follow <id>.json with id [A-Za-z0-9_-]{1,64}")
                log.event("quarantined", ["state": "corrupt", "reason": "odd file name in new/"])
            }
        }
        return ids
    }

    private func promoteDueDeferred() {
        for id in spool.dueDeferred(nowOrEmpty: clock.now()) {
            try? spool.requeue(id: id, from: .deferred)
        }
    }

    private func count(_ outcome: DeliveryOutcome?) {
        guard let outcome else { return }
        lock.lock()
        switch outcome {
        case .sent: summary.sent += 1
        case .deferred: summary.deferred += 1
        case .failed: summary.failed += 1
        }
        lock.unlock()
    }
}

/// Moves a transport into its sending thread (each is used by exactly one thread).
final class TransportBox: @unchecked Sendable {
    let transport: any Transport
    init(_ transport: any Transport) { self.transport = transport }
}

extension DirectorySpool {
    /// Due deferred ids, or none when the directory cannot be read (logged by the caller's next step).
    func dueDeferred(nowOrEmpty now: Date) -> [String] {
        (try? dueDeferred(now: now)) ?? []
    }
}
