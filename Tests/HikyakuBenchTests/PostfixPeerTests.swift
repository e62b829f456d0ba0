// PostfixPeerTests.swift — the durable peer: a private Postfix drains a held backlog into smtp-sink and leaves nothing running.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTestSupport
@testable import HikyakuBench

/// Never asserts a time or a rate's size: only that the pass delivered, measured and cleaned up.
final class PostfixPeerTests: XCTestCase {
    func testThePeerDrainsAHeldBacklogAndReportsRateAndCPU() throws {
        if let reason = PostfixPeer.unavailable { throw XCTSkip("the postfix peer cannot run here: \(reason)") }
        let base = FileManager.default.temporaryDirectory.path
        let scratch = try Bench.makeScratch(in: base)
        let directory = try Bench.makeScratch(in: base, prefix: "hikyaku-bench-postfix", mode: 0o755)
        defer {
            try? FileManager.default.removeItem(atPath: scratch)
            try? FileManager.default.removeItem(atPath: directory)
        }
        let message = try MessageFile(bytes: 6800, directory: scratch)
        let peer = PostfixPeer(directory: directory)
        let figures = try peer.run(message: message, messages: 200, connections: 2, delayMilliseconds: 0)
        XCTAssertEqual(figures.messages, 200)
        XCTAssertEqual(figures.connections, 2)
        XCTAssertGreaterThan(figures.messagesPerSecond, 0)
        XCTAssertGreaterThan(figures.cpuSeconds, 0, "the daemons' CPU is counted")
        XCTAssertGreaterThan(figures.queueSeconds, 0)
        XCTAssertEqual(peer.queued(), 0, "nothing left in incoming, active or deferred")
        XCTAssertEqual(peer.count(queue: "hold"), 0)
        XCTAssertEqual(try peer.deliveries().sent, 200)
        // Every process of the instance is gone: none names its directory or works in its queue.
        XCTAssertEqual(Self.processes(mentioning: directory), [], "a Postfix process outlived the pass")
        let main = try String(contentsOfFile: directory + "/etc/main.cf", encoding: .utf8)
        for line in ["inet_interfaces = 127.0.0.1", "disable_dns_lookups = yes", "smtp_destination_concurrency_limit = 2"] {
            XCTAssertTrue(main.contains(line), line)
        }
    }

    func testTheSinkCounterLineIsReadFromItsLastCompleteCount() {
        func count(_ text: String) -> Int { BenchSink.lastMessageCount(ArraySlice(Array(text.utf8))) }
        XCTAssertEqual(count("\rsess=1 quit=0 mesg=1\rsess=1 quit=0 mesg=2\r"), 2)
        XCTAssertEqual(count("\rsess=4 quit=1 mesg=20000\r"), 20000)
        XCTAssertEqual(count("\rsess=1 quit=0 mesg=19\rsess=1 quit=0 mesg=2"), 19, "a count cut off by the end is not taken")
        XCTAssertEqual(count("mesg=7 "), 7)
        XCTAssertEqual(count("nothing yet"), 0)
        XCTAssertEqual(count(""), 0)
    }

    func testTheLogCountsDeliveriesByStatus() {
        let log = Array(
            """
            x postfix/smtp[1]: A: to=<r@example.jp>, status=sent (250 2.0.0 Ok)
            x postfix/smtp[1]: B: to=<r@example.jp>, status=sent (250 2.0.0 Ok)
            x postfix/smtp[1]: C: to=<r@example.jp>, status=bounced (550 no)
            """.utf8)
        XCTAssertEqual(PostfixPeer.occurrences(of: Array("status=sent ".utf8), in: log), 2)
        XCTAssertEqual(PostfixPeer.occurrences(of: Array("status=bounced ".utf8), in: log), 1)
        XCTAssertEqual(PostfixPeer.occurrences(of: Array("status=sent ".utf8), in: []), 0)
    }

    /// PIDs whose command line or working directory (Postfix's daemons work in the queue) mention `text`.
    static func processes(mentioning text: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.filter { name in
            guard Int(name) != nil else { return false }
            let line = FileManager.default.contents(atPath: "/proc/\(name)/cmdline").map { String(decoding: $0, as: UTF8.self) } ?? ""
            let cwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(name)/cwd")) ?? ""
            return line.contains(text) || cwd.hasPrefix(text)
        }
    }
}
