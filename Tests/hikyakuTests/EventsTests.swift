// EventsTests.swift — `hikyaku events`: each job's outcome once, without secrets, durable with its record.
import Foundation
import XCTest

final class EventsTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testTheWorkerLeavesAnEventPerOutcomeAndEventsPrintsEachOnce() throws {
        let sink = try SMTPSink(flags: ["-f", "RCPT"], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        try space.drop(fixture: "jobs/password_reset-ja.json", id: "refused")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        try space.produce(id: "notice", job: Workspace.cheapJob("login_notice", id: "notice"))
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)

        let printed = try space.run(["events", "--json"])
        XCTAssertEqual(printed.status, 0, printed.stderr)
        let events = printed.stdout.split(separator: "\n").map { jsonLine(String($0)) }
        XCTAssertEqual(events.map { $0["job"] as? String }, ["refused", "notice"], printed.stdout)
        XCTAssertEqual(events.map { $0["state"] as? String }, ["failed", "sent"])
        XCTAssertEqual(events[0]["kind"] as? String, "password_reset")
        XCTAssertEqual(events[0]["login_id"] as? String, "sanka1")
        XCTAssertEqual(events[0]["to"] as? String, "o****@example.co.jp")
        XCTAssertTrue((events[0]["reason"] as? String ?? "").hasPrefix("500 5.3.0 "), "the reply once, not \"500 500\": \(printed.stdout)")
        XCTAssertNotNil(events[1]["time"] as? String)
        // Never a secret: no token, link or seed, and not the full address.
        for forbidden in ["token", "http", "seed", "omori@"] { XCTAssertFalse(printed.stdout.contains(forbidden), forbidden) }

        XCTAssertEqual(try space.run(["events"]).stdout, "", "acknowledged events are not printed again")
        try space.produce(id: "later", job: Workspace.cheapJob("deletion_notice", id: "later"))
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        let kept = try space.run(["events", "--keep"])
        XCTAssertTrue(kept.stdout.contains("  sent  later  deletion_notice  "), kept.stdout)
        XCTAssertEqual(try space.run(["events", "--keep"]).stdout, kept.stdout, "--keep acknowledges nothing")
    }

    func testFollowPrintsEventsAsJobsFinish() throws {
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        XCTAssertEqual(try space.run(["init"]).status, 0)
        let follower = try RunningCLI(space, ["events", "--follow", "--json"])
        try space.produce(id: "followed", job: Workspace.cheapJob("login_notice", id: "followed"))
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        // The worker's event is durable when run returns; the follower prints, then acknowledges it.
        XCTAssertTrue(eventually(timeout: 10) { self.space.files("events").isEmpty }, "the follower acknowledged it")
        kill(follower.process.processIdentifier, SIGTERM)
        let result = follower.wait(timeout: 10)
        XCTAssertTrue(result.stdout.contains("\"job\":\"followed\""), result.stdout + result.stderr)
    }

    private func jsonLine(_ line: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }
}
