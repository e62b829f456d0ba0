// ConcurrencyTests.swift — several workers on one spool: each job claimed once, live claims never recovered.
import Foundation
import XCTest

final class ConcurrencyTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testTwoWorkersOnOneSpoolDeliverEachOfAThousandMessagesExactlyOnce() throws {
        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        let ids = (0..<1000).map { String(format: "c%04d", $0) }
        for (index, id) in ids.enumerated() {
            try space.produce(id: id, job: Workspace.cheapJob(index % 2 == 0 ? "login_notice" : "deletion_notice", id: id))
        }
        let first = try BackgroundRun(space, ["run", "--once"], name: "first")
        let second = try BackgroundRun(space, ["run", "--once"], name: "second")
        XCTAssertEqual(first.waitForExit(timeout: 120), 0, first.log.suffix(2000).description)
        XCTAssertEqual(second.waitForExit(timeout: 120), 0, second.log.suffix(2000).description)

        XCTAssertEqual(space.files("sent").count, 1000)
        XCTAssertEqual(space.files("new"), [])
        XCTAssertEqual(space.files("active"), [])
        XCTAssertEqual(space.files("deferred"), [])
        let byJob = sink.deliveriesByJob()
        XCTAssertEqual(Set(byJob.keys), Set(ids), "every job arrived")
        XCTAssertEqual(byJob.filter { $0.value != 1 }.map(\.key).sorted(), [], "no job arrived twice")
        let messageIDs = sink.messageIDs()
        XCTAssertEqual(messageIDs.count, 1000)
        XCTAssertEqual(Set(messageIDs).count, 1000, "every Message-ID exactly once")
        // Both workers really worked: the claim by rename is what kept them apart.
        let sentByFirst = first.events("worker_stopped").first?["sent"] as? Int ?? 0
        let sentBySecond = second.events("worker_stopped").first?["sent"] as? Int ?? 0
        XCTAssertEqual(sentByFirst + sentBySecond, 1000)
        XCTAssertGreaterThan(sentByFirst, 0)
        XCTAssertGreaterThan(sentBySecond, 0)
    }

    func testAWorkerStartedWhileAnotherSendsLeavesItsClaimsAloneAndRecoversOnlyOrphans() throws {
        // A slow relay (2 s before answering DATA) keeps the first worker's job claimed for a while.
        let sink = try SMTPSink(flags: ["-w", "2"], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["smtp": ["connections": 1, "timeout_seconds": 10]])
        try space.produce(id: "busy", job: Workspace.cheapJob("login_notice", id: "busy"))
        let running = try BackgroundRun(space, ["run"], name: "running")
        XCTAssertTrue(eventually(timeout: 10) { self.space.files("active") == ["busy.json"] }, running.log)
        // A job left in active/ by a worker that died (no lock held on it).
        let orphan = try JSONSerialization.data(withJSONObject: Workspace.cheapJob("deletion_notice", id: "orphan"))
        try orphan.write(to: space.spool.appendingPathComponent("active/orphan.json"))

        let late = try space.run(["run", "--once"])
        XCTAssertEqual(late.status, 0, late.stderr)
        let recovered = BackgroundRun.events("recovered", in: late.stderr).compactMap { $0["job"] as? String }
        XCTAssertEqual(recovered, ["orphan"], "the running worker's claim is live, not an orphan")
        XCTAssertTrue(space.files("sent").contains("orphan.json"))

        running.send(SIGTERM)
        XCTAssertEqual(running.waitForExit(timeout: 30), 0, running.log)
        XCTAssertEqual(space.files("sent"), ["busy.json", "orphan.json"])
        XCTAssertEqual(space.files("active"), [])
        XCTAssertEqual(sink.deliveriesByJob(), ["busy": 1, "orphan": 1])
    }
}
