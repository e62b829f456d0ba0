// CrashTests.swift — kill -9 mid-send loses nothing; SIGTERM finishes in-flight mail and exits 0; stale tmp/ files go.
import Foundation
import XCTest

final class CrashTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testKillNineWhileMessagesAreInFlightLosesNoJobAndDuplicatesOnlyWhatWasInFlight() throws {
        // The slow relay waits 1 s before answering DATA, so messages are in flight when the worker dies.
        let slow = try SMTPSink(flags: ["-w", "1"], in: space.root)
        defer { slow.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(slow.port)", extra: ["smtp": ["connections": 2, "timeout_seconds": 10]])
        let ids = (0..<20).map { String(format: "k%02d", $0) }
        for (index, id) in ids.enumerated() {
            try space.produce(id: id, job: Workspace.cheapJob(index % 2 == 0 ? "login_notice" : "deletion_notice", id: id))
        }
        let worker = try BackgroundRun(space, ["run"])
        XCTAssertTrue(eventually(timeout: 20) { self.space.files("sent").count >= 2 && !self.space.files("active").isEmpty }, worker.log)
        worker.send(SIGKILL)
        XCTAssertNotNil(worker.waitForExit(timeout: 10))
        slow.stop()
        // A job whose record reached sent/ just before the kill, its claimed copy not yet unlinked,
        // is not in flight: recovery drops that stale copy instead of putting it back.
        let recorded = Set(space.files("sent").map { String($0.dropLast(5)) })
        let inFlight = Set(space.files("active").map { String($0.dropLast(5)) }).subtracting(recorded)
        XCTAssertFalse(inFlight.isEmpty, "the kill hit while messages were in flight")
        XCTAssertLessThan(space.files("sent").count, 20, "the kill hit before the end")

        let healthy = try SMTPSink(in: space.root)
        defer { healthy.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(healthy.port)")
        let restart = try space.run(["run", "--once"])
        XCTAssertEqual(restart.status, 0, restart.stderr)
        let recovered = Set(BackgroundRun.events("recovered", in: restart.stderr).compactMap { $0["job"] as? String })
        XCTAssertEqual(recovered, inFlight, "exactly the jobs left in active/ are put back")
        XCTAssertEqual(space.files("sent").count, 20, "every job ends in sent/")
        XCTAssertEqual(space.files("active") + space.files("new") + space.files("deferred") + space.files("failed"), [])

        var deliveries = slow.deliveriesByJob()
        for (job, count) in healthy.deliveriesByJob() { deliveries[job, default: 0] += count }
        XCTAssertEqual(Set(deliveries.keys), Set(ids), "every job delivered at least once")
        let total = deliveries.values.reduce(0, +)
        XCTAssertLessThanOrEqual(total, ids.count + inFlight.count, "at most one extra delivery per job in flight")
        let twice = Set(deliveries.filter { $0.value > 1 }.map(\.key))
        XCTAssertTrue(twice.isSubset(of: inFlight), "only a job in flight at the kill may arrive twice: \(twice)")
        print("kill -9: \(inFlight.count) in flight, \(total) deliveries of \(ids.count) jobs, \(twice.count) delivered twice")
    }

    func testSIGTERMFinishesTheMessageInFlightStopsClaimingAndExitsZero() throws {
        let slow = try SMTPSink(flags: ["-w", "2"], in: space.root)
        defer { slow.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(slow.port)", extra: ["smtp": ["connections": 1, "timeout_seconds": 5]])
        try space.produce(id: "first", job: Workspace.cheapJob("login_notice", id: "first"))
        try space.produce(id: "second", job: Workspace.cheapJob("deletion_notice", id: "second"))
        let worker = try BackgroundRun(space, ["run"])
        XCTAssertTrue(eventually(timeout: 10) { self.space.files("active").count == 1 }, worker.log)
        let inFlight = try XCTUnwrap(space.files("active").first)
        worker.send(SIGTERM)
        // The bound is 4 × smtp.timeout_seconds + 5 s = 25 s; the relay answers after 2 s.
        XCTAssertEqual(worker.waitForExit(timeout: 25), 0, "exits 0 within the shutdown bound: \(worker.log)")
        XCTAssertEqual(space.files("sent"), [inFlight], "the message in flight was finished and recorded")
        XCTAssertEqual(space.files("active"), [])
        XCTAssertEqual(space.files("new").count, 1, "the queued job was never claimed")
        XCTAssertEqual(slow.messages().count, 1)
        XCTAssertEqual(worker.events("worker_stopped").count, 1)
    }

    func testSIGINTStopsAnIdleWorkerWithExitZero() throws {
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        let worker = try BackgroundRun(space, ["run"])
        XCTAssertTrue(eventually(timeout: 10) { !worker.events("worker_started").isEmpty }, worker.log)
        worker.send(SIGINT)
        XCTAssertEqual(worker.waitForExit(timeout: 10), 0, worker.log)
    }

    func testStartUpRemovesTmpFilesOlderThan36HoursAndKeepsFreshOnes() throws {
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        try space.produce(id: "warmup", job: Workspace.cheapJob("login_notice", id: "warmup"))
        let tmp = space.spool.appendingPathComponent("tmp")
        for name in ["stale.json", "recent.json", "worker.123.4.rewrite"] {
            try Data("{".utf8).write(to: tmp.appendingPathComponent(name))
        }
        let old = Date().addingTimeInterval(-37 * 3600)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: tmp.appendingPathComponent("stale.json").path)
        try FileManager.default.setAttributes(
            [.modificationDate: old], ofItemAtPath: tmp.appendingPathComponent("worker.123.4.rewrite").path)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-35 * 3600)],
            ofItemAtPath: tmp.appendingPathComponent("recent.json").path)
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("tmp"), ["recent.json"], "a producer still writing (under 36 h) is left alone")
        XCTAssertEqual(space.files("sent"), ["warmup.json"])
    }
}
