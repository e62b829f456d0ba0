// Bench.swift — `hikyaku-bench`: every scenario of issue 5 in one run, into throw-away sinks and spools.
import Foundation
import HikyakuService
import HikyakuTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs the benchmark: the real worker draining a backlog, the same load through smtp-source,
/// Python smtplib and a private Postfix's durable queue (the peer), one connection against many
/// behind a slow relay, single OTP jobs into
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
        let base = options.directory ?? FileManager.default.temporaryDirectory.path
        let scratch = try Self.makeScratch(in: base)
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
        let message = try report.drain.map { try MessageFile(bytes: $0.averageBytes, directory: scratch) }
        if !options.skipBaselines, let message {
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
        // 4. The durable peer: a private Postfix drains as many messages of that size, on the same file system.
        if let message, options.peer != .none {
            if let reason = PostfixPeer.unavailable ?? PostfixPeer.unreachable(base: base) {
                if options.peer == .postfix { throw BenchError.peerUnavailable(reason: reason) }
                progress("postfix peer skipped: \(reason)")
            } else {
                progress("postfix peer: \(options.jobs) messages queued on hold, then drained over \(options.connections) connections")
                // Postfix wants absolute paths in main.cf.
                let absolute = URL(fileURLWithPath: base).standardizedFileURL.path
                let directory = try Self.makeScratch(in: absolute, prefix: "hikyaku-bench-postfix", mode: 0o755)
                defer { if !options.keepScratch { try? FileManager.default.removeItem(atPath: directory) } }
                if options.keepScratch { report.peerScratch = directory }
                report.postfix = try PostfixPeer(directory: directory).run(
                    message: message, messages: options.jobs, connections: options.connections, delayMilliseconds: delay)
            }
        }
        // 5. One OTP job at a time into an idle, long-running worker.
        if options.drops > 0 {
            progress("idle worker: \(options.drops) single OTP drops")
            report.idle = try withSink(delay) { port in
                try WorkerPass(
                    name: "idle", base: config, scratch: scratch, port: port, connections: options.connections,
                    kinds: [.otpCode]
                ).idleLatency(drops: options.drops)
            }
        }
        // 6. `hikyaku token consume`, one process per check.
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

    /// A fresh directory `<base>/<prefix>-XXXXXX`, 0700 (or `mode`: the Postfix peer's must be
    /// traversable by the postfix user).
    static func makeScratch(in base: String, prefix: String = "hikyaku-bench", mode: mode_t = 0o700) throws(BenchError) -> String {
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw .io(path: base, operation: "mkdtemp", errno: errno) }
        let path = String(cString: made)
        guard mode == 0o700 || chmod(path, mode) == 0 else { throw .io(path: path, operation: "chmod", errno: errno) }
        return path
    }
}
