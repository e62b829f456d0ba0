// WorkerPass.swift — runs the real Worker and JobProcessor (as `hikyaku run` does) over a scratch spool.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuService
#if canImport(Glibc)
import Glibc
#endif

/// What one drain of a backlog measured.
public struct DrainFigures: Sendable {
    public var jobs: Int
    public var connections: Int
    /// From `Worker.run` starting to it returning with every record durable.
    public var seconds: Double
    public var messagesPerSecond: Double
    /// From the rename into `new/` to the relay's 250 (includes waiting in the backlog).
    public var latency: Percentiles
    /// One SMTP transaction on a reused connection (MAIL FROM … 250 to the final ".").
    public var smtp: Percentiles
    /// Average message size on the wire.
    public var averageBytes: Int
    /// Peak RSS during the drain (VmHWM, reset just before it).
    public var peakRSSBytes: Int
    /// CPU seconds of this process (every thread: the worker's and the bench's timing wrapper's)
    /// from the worker's start until it returned.
    public var cpuSeconds: Double = 0
    /// What the drain did to the file system, in all (`FileActivity`): regular files created,
    /// fsyncs of files and of directories, and syncfs calls.
    public var filesCreated = 0
    public var fileSyncs = 0
    public var directorySyncs = 0
    public var fileSystemSyncs = 0

    /// CPU seconds per 1,000 jobs.
    public var cpuSecondsPerThousand: Double { perJob(cpuSeconds) * 1000 }
    /// File and directory fsyncs together.
    public var fsyncs: Int { fileSyncs + directorySyncs }

    /// `total` divided by the jobs.
    public func perJob(_ total: Double) -> Double { jobs > 0 ? total / Double(jobs) : 0 }
    public func perJob(_ total: Int) -> Double { perJob(Double(total)) }
}

/// One scratch installation (spool, state, config) and the real worker over it.
struct WorkerPass {
    let name: String
    let config: Config
    let jobs: BenchJobs
    let logPath: String

    /// A pass called `name` under `scratch`, sending to 127.0.0.1:`port` over `connections` connections.
    init(name: String, base: Config, scratch: String, port: Int, connections: Int, kinds: [MailKind]) {
        var config = base
        config.spool = "\(scratch)/\(name)/spool"
        config.state = "\(scratch)/\(name)/state"
        config.secretFile = nil
        config.transport = "smtp://127.0.0.1:\(port)"
        config.smtp.connections = connections
        // smtp-sink offers neither STARTTLS nor AUTH.
        config.smtp.starttls = .off
        config.smtp.username = nil
        config.smtp.passwordFile = nil
        self.name = name
        self.config = config
        self.jobs = BenchJobs(kinds: kinds, prefix: name)
        self.logPath = "\(scratch)/\(name)/worker.log"
        mkdir("\(scratch)/\(name)", 0o700)
    }

    /// Builds the worker exactly as `hikyaku run` does, with each transport wrapped to note times.
    func makeWorker(times: DeliveryTimes, stop: StopFlag) throws -> (Worker, TransportMaker) {
        mkdir(config.state, 0o700)
        let clock = SystemClock()
        let log = Log(sink: .standardError, clock: clock)
        let tokens = TokenStore(
            directory: URL(fileURLWithPath: config.state), secret: try ServerSecret.load(path: config.resolvedSecretFile),
            clock: clock, maxOTPAttempts: config.otpMaxAttempts)
        let library = try TemplateLibrary(directory: URL(fileURLWithPath: config.templates))
        let spool = DirectorySpool(root: config.spool)
        try spool.prepare()
        let processor = JobProcessor(
            spool: spool, tokens: tokens, composer: MailComposer(config: config, library: library),
            config: config, clock: clock, log: log)
        let worker = Worker(
            spool: spool, processor: processor, connections: config.smtp.connections,
            shutdownBound: TimeInterval(config.smtp.timeoutSeconds * 4 + 5), clock: clock, log: log, stop: stop)
        let config = self.config
        return (worker, TransportMaker(config: config, times: times))
    }

    /// Queues `count` jobs in `new/`, then lets the worker drain them (`run --once`).
    func drain(count: Int) throws -> DrainFigures {
        let times = DeliveryTimes(jobs: jobs, expected: count)
        let (worker, makeTransport) = try makeWorker(times: times, stop: StopFlag())
        let spool = DirectorySpool(root: config.spool)
        var handedOff = [UInt64](repeating: 0, count: count)
        for index in 0..<count { handedOff[index] = try jobs.drop(index, spool: spool, durable: false) }
        // Only the drain counts: the backlog, the bookkeeping arrays and the templates exist already.
        PeakMemory.reset()
        let activity = FileActivity.now
        let cpu = ProcessCPU.ownSeconds()
        let summary = try StandardError.redirected(to: logPath) {
            let started = MonotonicClock.now()
            let summary = try worker.run(once: true, makeTransport: makeTransport.make)
            return (summary, MonotonicClock.seconds(from: started, to: MonotonicClock.now()))
        }
        let cpuSeconds = ProcessCPU.ownSeconds() - cpu
        let files = FileActivity.now.since(activity)
        let peak = PeakMemory.peakBytes()
        guard summary.0.sent == count else {
            throw BenchError.incomplete(
                scenario: name, expected: count, sent: summary.0.sent,
                deferred: summary.0.deferred, failed: summary.0.failed)
        }
        let entries = times.all
        let seconds = summary.1
        return DrainFigures(
            jobs: count, connections: config.smtp.connections, seconds: seconds, messagesPerSecond: Double(count) / seconds,
            latency: Percentiles(milliseconds: entries.map { Double($0.replied &- handedOff[$0.index]) / 1e6 }),
            smtp: Percentiles(milliseconds: entries.map { Double($0.replied &- $0.started) / 1e6 }),
            averageBytes: entries.isEmpty ? 0 : entries.reduce(0) { $0 + $1.bytes } / entries.count,
            peakRSSBytes: peak, cpuSeconds: cpuSeconds, filesCreated: files.filesCreated, fileSyncs: files.fileSyncs,
            directorySyncs: files.directorySyncs, fileSystemSyncs: files.fileSystemSyncs)
    }

    /// Starts a long-running worker (`run` without `--once`, inotify on `new/`), warms each
    /// connection, then drops one OTP job at a time into the idle spool: rename → 250 per drop.
    func idleLatency(drops: Int) throws -> Percentiles {
        let connections = config.smtp.connections
        let times = DeliveryTimes(jobs: jobs, expected: drops + connections)
        let stop = StopFlag()
        let (worker, makeTransport) = try makeWorker(times: times, stop: stop)
        let spool = DirectorySpool(root: config.spool)
        let finished = DispatchSemaphore(value: 0)
        let outcome = ResultBox()
        return try StandardError.redirected(to: logPath) {
            Thread.detachNewThread {
                do { _ = try worker.run(once: false, makeTransport: makeTransport.make) } catch { outcome.error = error }
                finished.signal()
            }
            defer {
                stop.set()
                _ = finished.wait(timeout: .now() + 30)
            }
            // Warm-up, not counted: every sending thread opens its connection.
            for index in 0..<connections { try jobs.drop(index, kind: .otpCode, spool: spool, durable: true) }
            for index in 0..<connections { try awaitSent(index, times: times, spool: spool) }
            var latencies: [Double] = []
            for index in connections..<(connections + drops) {
                let handedOff = try jobs.drop(index, kind: .otpCode, spool: spool, durable: true)
                let entry = try awaitSent(index, times: times, spool: spool)
                latencies.append(Double(entry.replied &- handedOff) / 1e6)
                // Let the worker go back to waiting on inotify before the next drop.
                usleep(2000)
            }
            if let error = outcome.error { throw error }
            return Percentiles(milliseconds: latencies)
        }
    }

    /// Waits for job `index`'s 250 and then for its durable record in `sent/`.
    @discardableResult
    private func awaitSent(_ index: Int, times: DeliveryTimes, spool: DirectorySpool) throws -> DeliveryTimes.Entry {
        guard let entry = times.wait(for: index, seconds: 30) else {
            throw BenchError.timedOut(scenario: name, what: "the 250 for \(jobs.id(index))", seconds: 30)
        }
        let record = spool.path(.sent, "\(jobs.id(index)).json")
        let deadline = MonotonicClock.now() + 30_000_000_000
        var info = stat()
        while lstat(record, &info) != 0 {
            guard MonotonicClock.now() < deadline else {
                throw BenchError.timedOut(scenario: name, what: "the sent/ record of \(jobs.id(index))", seconds: 30)
            }
            usleep(200)
        }
        return entry
    }
}
