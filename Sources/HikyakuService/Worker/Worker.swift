// Worker.swift — the loop: recover, watch new/, feed the sending threads, retry due deferred jobs, stop cleanly.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuSpool
import HikyakuDelivery
import Synchronization

/// Runs the spool: `connections` sending threads, each with its own transport (and so its own
/// reused SMTP connection), fed by one scanning thread. Several workers may share one spool:
/// each job is claimed by exactly one of them (rename), and a job whose worker died is put back.
public final class Worker: Sendable {
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
    let metricsFile: MetricsFile?
    let metricsInterval: TimeInterval
    /// Processes the inbound spool (and the maildir) on a thread of its own; nil: inbound mail is left alone.
    let inbound: InboundProcessor?
    /// What this worker did since it started (shared with the metrics file).
    public let metrics: Metrics
    let schedule = DeferredSchedule()
    let queue = JobQueue()
    /// What the run did so far, updated by the sending threads as each job is recorded.
    let tally = Mutex(Tally())
    /// The loop's own schedule (and `once`, which write retries read).
    let plan = Mutex(Plan())

    /// A worker over `spool` with `connections` senders; `shutdownBound` caps how long a stop
    /// waits for messages in flight; `metricsFile`, when given, is rewritten every `metricsInterval` seconds and at exit;
    /// `inbound`, when given, processes inbound mail beside the jobs (`Worker+Inbound.swift`).
    public init(
        spool: DirectorySpool, processor: JobProcessor, connections: Int, shutdownBound: TimeInterval, clock: any Clock, log: Log,
        stop: StopFlag,
        metricsFile: MetricsFile? = nil, metricsInterval: TimeInterval = 5, inbound: InboundProcessor? = nil
    ) {
        self.spool = spool
        self.processor = processor
        self.connections = max(1, connections)
        self.shutdownBound = shutdownBound
        self.clock = clock
        self.log = log
        self.stop = stop
        self.metricsFile = metricsFile
        self.metricsInterval = metricsInterval
        self.inbound = inbound
        self.metrics = Metrics(catalogue: processor.catalogue)
    }

    /// Runs until stopped (or, with `once`, until nothing is ready). `makeTransport` is called
    /// once per sending thread before any thread starts; `reload` is called on SIGHUP.
    public func run(once: Bool, makeTransport: () throws -> any Transport, reload: (() -> MailComposer?)? = nil) throws -> Summary {
        isOnce = once
        // 1. Make the spool safe to use; put back what dead workers left in active/; drop stale tmp/ files.
        try spool.prepare()
        recoverOrphans()
        try spool.sweepTemporary(olderThan: 36 * 3600, now: clock.now())
        // 1b. Forget token records that ended long ago (again about hourly while serving).
        nextTokenSweep = sweepTokens()
        // 2. One transport per sending thread, created up front so a bad config fails at once.
        let transports = try (0..<connections).map { _ in try makeTransport() }
        // 3. Learn the deferred jobs' due times from one listing; from now on the schedule is in memory.
        rescanDeferred()
        processor.observer = self
        let watcher = SpoolWatcher(directory: spool.path(.new))
        // Preparing threads claim jobs for free connections and what the connections will send in
        // the next few milliseconds, in batches (secrets issued with one sync, mails rendered);
        // the senders only send and queue the record. A job leaves the queue's books once its
        // record is durable, whichever thread ends it.
        let aheadCap = connections * Worker.claimAheadPerConnection
        queue.limitSlots(connections, aheadSeconds: Worker.claimAheadSeconds, aheadCap: aheadCap)
        let senders = DispatchGroup(), preparing = DispatchGroup()
        let ready = HandOffQueue<PreparedJob>(capacity: connections + aheadCap)
        // Preparing threads: one per connection, but no more than the cores (see `preparingThreads`).
        for _ in 0..<Worker.preparingThreads(connections: connections, cores: ProcessInfo.processInfo.activeProcessorCount) {
            senders.enter()
            preparing.enter()
            Thread.detachNewThread { [self] in
                Thread.current.name = "hikyaku-prepare"
                // A batch of at least half the most, unless the senders are running short.
                let hungry = { [connections] in ready.count < connections }
                while let ids = queue.popBatch(limit: Worker.prepareBatch, minimum: Worker.prepareBatch / 2, hungry: hungry) {
                    let prepared = processor.prepare(ids: ids, onDone: { [queue] id, _ in queue.done(id) })
                    queue.freeSlots(ids.count - prepared.count)
                    for job in prepared { ready.push(job) }
                }
                preparing.leave()
                senders.leave()
            }
        }
        preparing.notify(queue: .global()) { ready.close() }
        for transport in transports {
            let box = TransportBox(transport)
            senders.enter()
            Thread.detachNewThread { [self] in
                Thread.current.name = "hikyaku-send"
                while let job = ready.pop() {
                    // Stopping: a job claimed ahead goes back to new/; only transfers begun finish.
                    if queue.isClosed {
                        processor.giveBack(job)
                        queue.freeSlots(1)
                        continue
                    }
                    processor.deliver(job, transport: box.transport)
                    queue.sent()
                }
                senders.leave()
            }
        }
        log.event("worker_started", ["connections": connections, "inotify": watcher.isNotifying, "once": once, "deferred": schedule.count])
        writeMetrics()
        // 4. Feed the senders until told to stop (or, once, until the spool has nothing ready);
        // inbound mail on a thread of its own (once: one pass first).
        let inboundDone = startInbound(once: once)
        if once { drain() } else { serve(watcher: watcher, reload: reload) }
        // 5. Stop claiming; let messages in flight finish within the bound.
        queue.close(discardPending: true)
        if senders.wait(timeout: .now() + shutdownBound) == .timedOut {
            log.event("shutdown_timeout", ["seconds": Int(shutdownBound)])
        }
        _ = inboundDone.wait(timeout: .now() + shutdownBound)
        // Every finished job's record durable (and logged) before the summary.
        spool.waitForGroupedMoves()
        writeMetrics()
        let summary = tally.withLock { $0.summary }
        log.event("worker_stopped", ["sent": summary.sent, "deferred": summary.deferred, "failed": summary.failed])
        return summary
    }

    /// `--once`: due deferred jobs get one try, then passes over new/ until one finds nothing to do.
    private func drain() {
        promoteDue()
        while !stop.isSet {
            let before = processedCount
            let added = queue.push(readyIDs())
            while !queue.waitUntilIdle(timeout: 0.5) && !stop.isSet { writeMetricsIfDue() }
            if added == 0 || processedCount == before { break }
        }
    }

    /// The long-running loop: inotify on new/, due deferred jobs from the schedule, periodic scans.
    private func serve(watcher: SpoolWatcher, reload: (() -> MailComposer?)?) {
        // Deadlines are MonotonicClock readings (0: due now).
        var nextNewScan: UInt64 = 0
        var nextSlowScan = MonotonicClock.deadline(after: Worker.slowScanInterval)
        while !stop.isSet {
            // Deferred jobs whose time has come go back into new/ and straight to the senders.
            promoteDue()
            // A full listing of new/ now and then, in case inotify missed a hand-off.
            if MonotonicClock.now() >= nextNewScan {
                queue.push(readyIDs())
                nextNewScan = MonotonicClock.deadline(after: Worker.newScanInterval)
            }
            // Every minute: other workers' deferrals, and jobs of workers that died while this one runs.
            if MonotonicClock.now() >= nextSlowScan {
                rescanDeferred()
                recoverOrphans()
                nextSlowScan = MonotonicClock.deadline(after: Worker.slowScanInterval)
            }
            if clock.now() >= nextTokenSweep { nextTokenSweep = sweepTokens() }
            writeMetricsIfDue()
            switch watcher.wait(milliseconds: waitMilliseconds()) {
            case .names(let names):
                queue.push(names.compactMap(JobID.fromFileName))
                // An odd name is quarantined by the full listing: do it now.
                if names.contains(where: { JobID.fromFileName($0) == nil && !$0.hasPrefix(".") }) { nextNewScan = 0 }
            case .rescan: nextNewScan = 0
            case .timeout: break
            }
            if stop.takeReload(), let composer = reload?() {
                processor.replaceComposer(composer)
                log.event("templates_reloaded")
            }
        }
    }

    /// How long to wait for hand-offs: at most 0.5 s, less when a deferred job is due sooner.
    private func waitMilliseconds() -> Int32 {
        guard let due = schedule.nextDue else { return 500 }
        let milliseconds = due.timeIntervalSince(clock.now()) * 1000
        return Int32(max(1, min(500, milliseconds.rounded(.up))))
    }
}

/// Moves a transport into its sending thread (each is used by exactly one thread).
// Unchecked: a `Transport` (a libcurl handle) is not thread-safe, and needs not be: the box only
// carries it into the one thread that uses it from then on.
package final class TransportBox: @unchecked Sendable {
    package let transport: any Transport
    package init(_ transport: any Transport) { self.transport = transport }
}
