// CurlBaseline.swift — libcurl alone: hikyaku's own SMTP transport with no spool, the ceiling of the fixed choice.
import Foundation
import HikyakuSpool
import HikyakuDelivery
import HikyakuService
import HikyakuTestSupport
import HikyakuBase

/// The same plain message through hikyaku's `CurlTransport` from `connections` threads, each
/// reusing its connection, into a fresh sink: no spool, no tokens, no rendering, no records.
/// Nothing hikyaku does around a send can make it faster than this, so the drain's rate divided
/// by it says how much the rest of the pipeline costs, and this rate divided by the other
/// baselines says how far the targets are reachable through libcurl on this machine at all.
enum CurlBaseline {
    static func run(
        message: MessageFile, base: Config, connections: Int, messages: Int,
        delayMilliseconds: Int
    ) throws -> Double {
        guard let bytes = FileManager.default.contents(atPath: message.crlfPath).map(Array.init) else {
            throw BenchError.io(path: message.crlfPath, operation: "read the baseline message", errno: errno)
        }
        let sink = try BenchSink(delayMilliseconds: delayMilliseconds)
        defer { sink.stop() }
        var config = base
        config.transport = "smtp://127.0.0.1:\(sink.port)"
        config.smtp.starttls = .off
        config.smtp.username = nil
        let transports = try (0..<connections).map { _ in TransportBox(try TransportFactory.make(config, password: nil)) }
        let envelope = Envelope(sender: "bench@example.jp", recipients: ["rcpt@example.jp"], jobID: "bench")
        let failures = AtomicCounter()
        let group = DispatchGroup()
        let started = MonotonicClock.now()
        for (index, box) in transports.enumerated() {
            // The messages shared out as evenly as possible.
            let share = messages / connections + (index < messages % connections ? 1 : 0)
            group.enter()
            Thread.detachNewThread {
                for _ in 0..<share where box.transport.send(bytes, envelope: envelope).outcome != .sent {
                    failures.next()
                }
                group.leave()
            }
        }
        group.wait()
        let seconds = MonotonicClock.seconds(from: started, to: MonotonicClock.now())
        guard failures.current == 0 else {
            throw BenchError.toolFailed(tool: "libcurl baseline", problem: "\(failures.current) of \(messages) messages not accepted")
        }
        return Double(messages) / seconds
    }
}
