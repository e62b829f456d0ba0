// OperatorBulkTests.swift — hold/release by selection, --dry-run on every bulk command, delete that revokes.
import Foundation
import XCTest

final class OperatorBulkTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testBulkHoldReleaseFlushAndPurgeWithDryRuns() throws {
        let sink = try SMTPSink(flags: ["-r", "RCPT"], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["retry": ["first_seconds": 3600, "max_seconds": 3600]])
        for (id, kind) in [("n1", "login_notice"), ("n2", "login_notice"), ("d1", "deletion_notice")] {
            try space.produce(id: id, job: Workspace.cheapJob(kind, id: id))
        }
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("deferred"), ["d1.json", "n1.json", "n2.json"])

        // list narrows by login or recipient and says when a deferred job is tried again.
        let byLogin = try space.run(["list", "deferred", "--login", "login-n1"])
        XCTAssertEqual(byLogin.stdout.split(separator: "\n").count, 2, byLogin.stdout)
        XCTAssertTrue(byLogin.stdout.contains("NEXT"), byLogin.stdout)
        // Retry in about an hour, spread ±20 %: "in 48m" … "in 1h12m".
        XCTAssertNotNil(byLogin.stdout.range(of: #" in (4[89]|5[0-9])m | in 1h"#, options: .regularExpression), byLogin.stdout)
        let byAddress = try space.run(["list", "--to", "USER-N2@example.com", "--json"])
        XCTAssertTrue(byAddress.stdout.contains("\"id\":\"n2\""), byAddress.stdout)
        XCTAssertFalse(byAddress.stdout.contains("\"id\":\"n1\""), byAddress.stdout)
        XCTAssertTrue(byAddress.stdout.contains("\"next_attempt_at\""), byAddress.stdout)

        let flushPlan = try space.run(["flush", "--dry-run"])
        XCTAssertEqual(Set(flushPlan.stdout.split(separator: "\n")), ["d1", "n1", "n2"], flushPlan.stderr)
        let holdPlan = try space.run(["hold", "--state", "deferred", "--dry-run", "--json"])
        XCTAssertEqual(holdPlan.status, 0, holdPlan.stderr)
        XCTAssertTrue(holdPlan.stdout.hasPrefix("{\"would\":["), holdPlan.stdout)
        XCTAssertEqual(space.files("deferred").count, 3, "dry runs move nothing")

        XCTAssertEqual(try space.run(["hold", "--state", "deferred"]).status, 0)
        XCTAssertEqual(space.files("hold"), ["d1.json", "n1.json", "n2.json"])
        let again = try space.run(["hold", "n1"])
        XCTAssertEqual(again.status, 0, "holding a held job is the same answer: \(again.stderr)")
        XCTAssertEqual(try space.run(["release", "--state", "hold", "--kind", "login_notice"]).status, 0)
        XCTAssertEqual(space.files("new"), ["n1.json", "n2.json"])
        XCTAssertEqual(space.files("hold"), ["d1.json"])
        XCTAssertEqual(try space.run(["release", "n1"]).status, 0, "releasing a waiting job is the same answer")
        XCTAssertEqual(try space.run(["hold", "--state", "sent"]).status, 64)
        XCTAssertEqual(try space.run(["hold", "n1", "--state", "new"]).status, 64)

        // purge --dry-run names what it would delete and deletes nothing.
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("sent"), ["n1.json", "n2.json"])
        let purgePlan = try space.run(["purge", "--state", "sent", "--older-than", "0s", "--dry-run"])
        XCTAssertEqual(purgePlan.stdout, "n1\nn2\n", purgePlan.stderr)
        XCTAssertEqual(space.files("sent"), ["n1.json", "n2.json"])
    }

    func testDeleteRemovesAJobAndRevokesItsLinkButNeverTouchesOneBeingSent() throws {
        let sink = try SMTPSink(flags: ["-r", "RCPT"], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["retry": ["first_seconds": 3600, "max_seconds": 3600]])
        try space.drop(fixture: "jobs/password_reset-en.json", id: "reset")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("deferred"), ["reset.json"])
        let tokens = space.state.appendingPathComponent("tokens")
        func statuses() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: tokens.path).filter { $0.hasSuffix(".json") }.compactMap { name in
                let data = try Data(contentsOf: tokens.appendingPathComponent(name))
                return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["status"] as? String
            }
        }
        XCTAssertEqual(try statuses(), ["active"])
        let deleted = try space.run(["delete", "reset"])
        XCTAssertEqual(deleted.status, 0, deleted.stderr)
        XCTAssertEqual(space.files("deferred"), [])
        XCTAssertEqual(try statuses(), ["revoked"], "a deleted request can never be completed")
        XCTAssertEqual(try space.run(["delete", "reset"]).status, 66)
        // active/ belongs to a worker.
        try space.drop(fixture: "jobs/otp_code-en.json", id: "busy")
        try FileManager.default.moveItem(
            at: space.spool.appendingPathComponent("new/busy.json"), to: space.spool.appendingPathComponent("active/busy.json"))
        XCTAssertEqual(try space.run(["delete", "busy"]).status, 75)
        XCTAssertEqual(space.files("active"), ["busy.json"])
    }
}

extension OperatorBulkTests {
    func testStatusSaysWhetherTheTemplatesPassAndEveryOlderThanTakesASpan() throws {
        let templates = space.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Workspace.repository.appendingPathComponent("templates"), to: templates)
        try space.writeConfig(transport: "file:./outbox", extra: ["templates": templates.path])
        XCTAssertEqual(try space.run(["init"]).status, 0)
        let fine = try space.run(["status"])
        XCTAssertTrue(fine.stdout.contains("templates: ok"), fine.stdout)
        try FileManager.default.removeItem(at: templates.appendingPathComponent("otp_code/en.txt"))
        let broken = try space.run(["status", "--json"])
        XCTAssertEqual(broken.status, 0, broken.stderr)
        XCTAssertTrue(broken.stdout.contains("\"templates\":{\"ok\":false"), broken.stdout)
        XCTAssertTrue(try space.run(["status"]).stdout.contains("the worker will not start: otp_code/en.txt"))

        XCTAssertEqual(try space.run(["token", "sweep", "--older-than", "1h30m"]).status, 0)
        XCTAssertEqual(try space.run(["token", "sweep", "--older-than", "3600"]).status, 0, "bare seconds still work")
        XCTAssertEqual(try space.run(["token", "sweep", "--older-than", "soon"]).status, 64)
    }
}
