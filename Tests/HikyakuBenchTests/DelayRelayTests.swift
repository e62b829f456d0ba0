// DelayRelayTests.swift — the slow relay in front of a real smtp-sink holds only the reply to the final ".".
import Foundation
import XCTest
@testable import HikyakuTestSupport
@testable import HikyakuBench
@testable import HikyakuBase

final class DelayRelayTests: XCTestCase {
    /// One SMTP conversation by hand; each reply's wait in milliseconds, keyed by the command.
    func converse(port: Int) throws -> [(String, Double, String)] {
        let fd = Loopback.connect(port: port)
        guard fd >= 0 else { throw XCTSkip("cannot connect to the relay") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        func reply() -> String {
            var text = ""
            var buffer = [UInt8](repeating: 0, count: 4096)
            // A reply is complete when its last line has a space after the code.
            while !(text.hasSuffix("\r\n") && text.split(separator: "\r\n").last.map { $0.count >= 4 && Array($0)[3] == " " } == true) {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                text += String(decoding: buffer[0..<n], as: UTF8.self)
            }
            return text
        }
        var log: [(String, Double, String)] = []
        var started = MonotonicClock.now()
        log.append(("greeting", Double(MonotonicClock.now() - started) / 1e6, reply()))
        for command in [
            "EHLO bench.invalid", "MAIL FROM:<a@example.jp>", "RCPT TO:<b@example.jp>", "DATA",
            "Subject: s\r\n\r\nline\r\n..stuffed\r\n.", "QUIT",
        ] {
            started = MonotonicClock.now()
            _ = Array((command + "\r\n").utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let answer = reply()
            log.append((command.hasPrefix("Subject") ? "." : command, Double(MonotonicClock.now() - started) / 1e6, answer))
        }
        return log
    }

    func testOnlyTheReplyToTheFinalDotWaits() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/smtp-sink") else {
            throw XCTSkip("smtp-sink not installed: run scripts/test (installs Debian's postfix package)")
        }
        let sink = try BenchSink(delayMilliseconds: 500, lifetime: 60)
        defer { sink.stop() }
        let log = try converse(port: sink.port)
        let byCommand = Dictionary(log.map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { a, _ in a })
        let dot = try XCTUnwrap(byCommand["."])
        XCTAssertTrue(dot.1.hasPrefix("250"), dot.1)
        XCTAssertGreaterThanOrEqual(dot.0, 500, "the relay holds the reply to the final dot")
        for (command, (milliseconds, answer)) in byCommand where command != "." {
            XCTAssertFalse(answer.isEmpty, command)
            XCTAssertLessThan(milliseconds, 500, "\(command) is not held")
        }
        XCTAssertTrue(byCommand["DATA"]?.1.hasPrefix("354") ?? false)
    }
}
