// RetryTests.swift — retries with backoff against a real relay: give-up after the window, expiry while deferred, lost replies.
import Foundation
import XCTest

final class RetryTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testAJobStillDeferredAfterGiveUpAfterFailsWithEveryAttemptsReply() throws {
        let sink = try SMTPSink(flags: ["-r", "RCPT"], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(sink.port)", extra: ["retry": ["first_seconds": 0, "give_up_after_seconds": 1]])
        try space.produce(id: "notice", job: Workspace.cheapJob("login_notice", id: "notice"))
        let first = try space.run(["run", "--once"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(space.files("deferred"), ["notice.json"])
        usleep(1_200_000)
        let second = try space.run(["run", "--once"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(space.files("failed"), ["notice.json", "notice.reason"])
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/notice.reason"), encoding: .utf8)
        XCTAssertTrue(reason.hasPrefix("gave up after 2 attempts over 1s: last reply 450 4."), reason)
        let attempts = try XCTUnwrap(try space.record("failed", "notice")["attempts"] as? [[String: Any]])
        XCTAssertEqual(attempts.map { $0["code"] as? Int }, [450, 450], "every attempt's reply is kept")
        XCTAssertEqual(sink.messages().count, 0)
        let failed = try XCTUnwrap(BackgroundRun.events("failed", in: second.stderr).first)
        XCTAssertEqual(failed["attempt"] as? Int, 2)
        XCTAssertEqual(failed["state"] as? String, "failed")
    }

    func testALinkThatExpiresWhileDeferredFailsExpiredBeforeDeliveryAtItsDueTime() throws {
        let sink = try SMTPSink(flags: ["-r", "RCPT"], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(sink.port)",
            extra: ["retry": ["first_seconds": 600], "lifetimes": ["password_reset": 2]])
        try space.drop(fixture: "jobs/password_reset-en.json", id: "reset")
        let first = try space.run(["run", "--once"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(space.files("deferred"), ["reset.json"])
        let record = try space.record("deferred", "reset")
        let expires = try XCTUnwrap(record["expires_at"] as? String)
        XCTAssertEqual(record["next_attempt_at"] as? String, expires, "due at the link's expiry, not 600 s later")
        let mtime = try XCTUnwrap(
            FileManager.default.attributesOfItem(atPath: space.spool.appendingPathComponent("deferred/reset.json").path)[.modificationDate]
                as? Date)
        XCTAssertLessThan(mtime.timeIntervalSinceNow, 5)
        XCTAssertTrue(eventually(timeout: 5) { mtime.timeIntervalSinceNow <= 0 })
        let second = try space.run(["run", "--once"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(space.files("failed"), ["reset.json", "reset.reason"])
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/reset.reason"), encoding: .utf8)
        XCTAssertTrue(reason.hasPrefix("expired before delivery after 1 attempt: last reply 450 4."), reason)
        XCTAssertEqual(sink.messages().count, 0, "an expired link is never mailed")
    }

    func testARunningWorkerRetriesADeferredJobWhenItIsDueAndDeliversOnceTheRelayRecovers() throws {
        let failing = try SMTPSink(flags: ["-r", "RCPT"], in: space.root)
        try space.writeConfig(transport: "smtp://127.0.0.1:\(failing.port)", extra: ["retry": ["first_seconds": 2, "max_seconds": 2]])
        try space.produce(id: "otp", job: Workspace.cheapJob("deletion_notice", id: "otp"))
        let worker = try BackgroundRun(space, ["run"])
        XCTAssertTrue(eventually(timeout: 10) { !worker.events("deferred").isEmpty }, worker.log)
        let port = failing.port
        failing.stop()
        let healthy = try SMTPSink(in: space.root, port: port)
        defer { healthy.stop() }
        // Due after 2 s ± 20 %: well before the once-a-minute listing of deferred/.
        XCTAssertTrue(eventually(timeout: 20) { self.space.files("sent") == ["otp.json"] }, worker.log)
        worker.send(SIGTERM)
        XCTAssertEqual(worker.waitForExit(timeout: 10), 0)
        XCTAssertEqual(healthy.deliveriesByJob(), ["otp": 1])
        let delays = worker.events("deferred").compactMap { event -> Double? in
            guard let next = (event["next_attempt_at"] as? String).flatMap(parseTime),
                let time = (event["time"] as? String).flatMap(parseTime)
            else { return nil }
            return next.timeIntervalSince(time)
        }
        XCTAssertFalse(delays.isEmpty)
        XCTAssertTrue(delays.allSatisfy { $0 > 0.3 && $0 <= 2.5 }, "each retry waits about first_seconds: \(delays)")
    }

    func testARelayThatRefusesInTheMiddleOfDataIsNeverTakenForAPossibleDuplicate() throws {
        // smtp-sink -A 0 answers 550 right after 354 and closes: libcurl's next write breaks
        // (curl 55) before the final "." was written, so the relay cannot have the message.
        let sink = try SMTPSink(flags: ["-A", "0"], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["retry": ["first_seconds": 600]])
        let ids = (0..<24).map { String(format: "a%02d", $0) }
        for id in ids { try space.produce(id: id, job: Workspace.cheapJob("login_notice", id: id)) }
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(BackgroundRun.events("possible_duplicate", in: run.stderr).count, 0, run.stderr)
        var failedWith550 = 0
        for id in ids {
            let state = space.files("failed").contains("\(id).json") ? "failed" : "deferred"
            let attempts = try XCTUnwrap(try space.record(state, id)["attempts"] as? [[String: Any]], id)
            for attempt in attempts {
                XCTAssertEqual(attempt["possible_duplicate"] as? Bool, false, "\(id): \(attempt)")
                if state == "deferred" {
                    XCTAssertEqual(attempt["phase"] as? String, "data", "\(id): the final \".\" was never written: \(attempt)")
                } else {
                    XCTAssertEqual(attempt["code"] as? Int, 550, "\(id): \(attempt)")
                    XCTAssertTrue((attempt["reply"] as? String ?? "").hasPrefix("550 "), "\(id): \(attempt)")
                }
            }
            if state == "failed" { failedWith550 += 1 }
        }
        print("smtp-sink -A 0: \(failedWith550) of \(ids.count) failed with the relay's 550, the rest deferred")
        XCTAssertEqual(space.files("sent"), [])
    }

    func testAReplyLostAfterTheFinalDotIsDeferredLoggedAndCountedAsAPossibleDuplicate() throws {
        // smtp-sink -q .: take the whole message, then hang up without answering.
        let sink = try SMTPSink(flags: ["-q", "."], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["retry": ["first_seconds": 600]])
        try space.produce(id: "maybe", job: Workspace.cheapJob("login_notice", id: "maybe"))
        let metrics = space.root.appendingPathComponent("hikyaku.prom").path
        let run = try space.run(["run", "--once", "--metrics-file", metrics])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("deferred"), ["maybe.json"])
        let attempt = try XCTUnwrap((try space.record("deferred", "maybe")["attempts"] as? [[String: Any]])?.last)
        XCTAssertEqual(attempt["phase"] as? String, "dot")
        XCTAssertEqual(attempt["possible_duplicate"] as? Bool, true)
        let event = try XCTUnwrap(BackgroundRun.events("possible_duplicate", in: run.stderr).first)
        XCTAssertEqual(event["job"] as? String, "maybe")
        XCTAssertEqual(event["kind"] as? String, "login_notice")
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        XCTAssertTrue(text.contains("\nhikyaku_possible_duplicates_total 1\n"), text)
    }
}

/// Parses an RFC 3339 time with or without fractional seconds.
func parseTime(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
}
