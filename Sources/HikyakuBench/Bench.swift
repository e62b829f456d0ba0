// Bench.swift — `hikyaku-bench`: every scenario of issue 5 in one run, into throw-away sinks and spools.
import Foundation
import HikyakuService
import HikyakuTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs the benchmark: the real worker draining a backlog, the same load through smtp-source
/// and Python smtplib, one connection against many behind a slow relay, single OTP jobs into
/// an idle worker, and `token consume` as a process. Everything lives in a fresh scratch
/// directory (removed afterwards) and fresh loopback sinks (stopped by PID, time-bounded).
public struct Bench {
    public let options: BenchOptions
    /// The user's config: templates, sender, links, lifetimes and durability come from it;
    /// spool, state, transport and connections are the bench's own.
    public let config: Config

    public init(options: BenchOptions, config: Config) {
        self.options = options
        self.config = config
    }

    /// Runs every scenario; `progress` gets one line before each.
    public func run(progress: (String) -> Void = { _ in }) throws -> BenchReport {
        // A helper that exits early must not kill the bench through a write to its pipe.
        signal(SIGPIPE, SIG_IGN)
        let scratch = try Self.makeScratch(in: options.directory ?? FileManager.default.temporaryDirectory.path)
        defer { if !options.keepScratch { try? FileManager.default.removeItem(atPath: scratch) } }
        var report = BenchReport(options: options, scratch: options.keepScratch ? scratch : nil)
        let delay = options.relayDelayMilliseconds

        // 1. The worker drains a backlog of mixed jobs over `connections` connections.
        progress("drain: \(options.jobs) jobs, \(options.connections) connections, relay delay \(delay) ms")
        report.drain = try withSink(delay) { port in
            try WorkerPass(
                name: "drain", base: config, scratch: scratch, port: port, connections: options.connections,
                kinds: options.kinds
            ).drain(count: options.jobs)
        }
        // 2. Behind a slow relay, the same with one connection: does throughput scale?
        if delay > 0 && options.connections > 1 {
            let count = max(20, options.jobs / options.connections)
            progress("single connection: \(count) jobs")
            report.singleConnection = try withSink(delay) { port in
                try WorkerPass(
                    name: "single", base: config, scratch: scratch, port: port, connections: 1,
                    kinds: options.kinds
                ).drain(count: count)
            }
        }
        // 3. The same message size through smtp-source (same sessions), hikyaku's libcurl transport
        //    alone (same threads) and smtplib (one connection).
        if !options.skipBaselines, let drain = report.drain {
            let message = try MessageFile(bytes: drain.averageBytes, directory: scratch)
            let sourceCount = options.baselineCount(sessions: options.connections)
            progress("smtp-source: \(sourceCount) messages, \(options.connections) sessions")
            report.smtpSource = BaselineFigures(
                messages: sourceCount, connections: options.connections,
                messagesPerSecond:
                    try Baselines.smtpSource(
                        message: message, sessions: options.connections, messages: sourceCount,
                        delayMilliseconds: delay, scratch: scratch))
            progress("libcurl alone: \(sourceCount) messages, \(options.connections) threads")
            report.libcurl = BaselineFigures(
                messages: sourceCount, connections: options.connections,
                messagesPerSecond:
                    try CurlBaseline.run(
                        message: message, base: config, connections: options.connections, messages: sourceCount,
                        delayMilliseconds: delay))
            let libCount = options.baselineCount(sessions: 1)
            progress("python smtplib: \(libCount) messages, 1 connection")
            report.smtplib = BaselineFigures(
                messages: libCount, connections: 1,
                messagesPerSecond:
                    try Baselines.smtplib(message: message, messages: libCount, delayMilliseconds: delay, scratch: scratch))
        }
        // 4. One OTP job at a time into an idle, long-running worker.
        if options.drops > 0 {
            progress("idle worker: \(options.drops) single OTP drops")
            report.idle = try withSink(delay) { port in
                try WorkerPass(
                    name: "idle", base: config, scratch: scratch, port: port, connections: options.connections,
                    kinds: [.otpCode]
                ).idleLatency(drops: options.drops)
            }
        }
        // 5. `hikyaku token consume`, one process per check.
        if options.consumeRuns > 0 {
            progress("token consume: \(options.consumeRuns) processes")
            report.consume = try ConsumePass(executable: options.executable, scratch: scratch).run(options.consumeRuns)
        }
        return report
    }

    private func withSink<T>(_ delay: Int, _ body: (Int) throws -> T) throws -> T {
        let sink = try BenchSink(delayMilliseconds: delay)
        defer { sink.stop() }
        return try body(sink.port)
    }

    /// A fresh 0700 directory in `base`.
    static func makeScratch(in base: String) throws(BenchError) -> String {
        var template = Array("\(base)/hikyaku-bench-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw .io(path: base, operation: "mkdtemp", errno: errno) }
        return String(cString: made)
    }
}
