// SuppressionCLITests.swift — `hikyaku suppression` through the binary, and a suppressed job failing in the worker.
import Foundation
import XCTest

final class SuppressionCLITests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        let initialized = try space.run(["init"])
        XCTAssertEqual(initialized.status, 0, initialized.stderr)
    }

    override func tearDown() {
        space.remove()
    }

    func json(_ result: CLIResult) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
    }

    func testCheckAddListShowAndRemoveWithTheirExitCodes() throws {
        let sendable = try space.run(["suppression", "check", "--email", "Omori@Example.co.jp"])
        XCTAssertEqual(sendable.status, 0, sendable.stderr)
        XCTAssertEqual(sendable.stdout, "sendable\n")
        let added = try space.run(["suppression", "add", "omori@example.co.jp", "--reason", "user asked", "--days", "10"])
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertTrue(added.stdout.hasPrefix("suppressed o****@example.co.jp until "), added.stdout)
        let stopped = try space.run(["suppression", "check", "--email", "OMORI@example.CO.JP", "--kind", "password_reset"])
        XCTAssertEqual(stopped.status, 1, stopped.stderr)
        XCTAssertEqual(stopped.stdout.split(separator: "\n").count, 1)
        XCTAssertTrue(stopped.stdout.hasPrefix("suppressed: user asked since "), stopped.stdout)
        XCTAssertTrue(stopped.stdout.contains(" until "), stopped.stdout)
        let asJSON = try space.run(["suppression", "check", "--email", "omori@example.co.jp", "--json"])
        XCTAssertEqual(asJSON.status, 1)
        XCTAssertEqual(try json(asJSON)["sendable"] as? Bool, false)

        let list = try space.run(["suppression", "list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("o****@example.co.jp  active  all    operator"), list.stdout)
        XCTAssertFalse(list.stdout.contains("omori@"), "list masks addresses")
        let listed = try json(try space.run(["suppression", "list", "--json"]))
        XCTAssertEqual(listed["count"] as? Int, 1)
        let show = try space.run(["suppression", "show", "omori@example.co.jp"])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("reason:   user asked"), show.stdout)
        XCTAssertEqual(try json(try space.run(["suppression", "show", "omori@example.co.jp", "--json"]))["source"] as? String, "operator")
        let status = try space.run(["status"])
        XCTAssertTrue(status.stdout.contains("suppression: 1 active, 0 notices only, 0 held, 0 expired"), status.stdout)
        let statusJSON = try json(try space.run(["status", "--json"]))
        XCTAssertEqual((statusJSON["suppression"] as? [String: Any])?["active"] as? Int, 1)

        XCTAssertEqual(try space.run(["suppression", "remove", "Omori@example.co.jp"]).status, 0)
        XCTAssertEqual(try space.run(["suppression", "check", "--email", "omori@example.co.jp"]).status, 0)
        XCTAssertEqual(try space.run(["suppression", "remove", "omori@example.co.jp"]).status, 66)
        XCTAssertEqual(try space.run(["suppression", "show", "omori@example.co.jp"]).status, 66)
        XCTAssertEqual(try space.run(["suppression", "check", "--email", "not-an-address"]).status, 64)
        XCTAssertEqual(try space.run(["suppression", "add", "a@example.jp", "--days", "0"]).status, 64)
        XCTAssertEqual(try space.run(["suppression", "frobnicate"]).status, 64)
        XCTAssertEqual(try space.run(["suppression", "held"]).stdout, "no suppressed addresses\n")
        XCTAssertEqual(try space.run(["suppression", "release", "example.jp"]).status, 0)
        let log = try String(contentsOf: space.state.appendingPathComponent("suppression/log"), encoding: .utf8)
        XCTAssertEqual(
            log.split(separator: "\n").map { $0.contains("\"action\":\"added\"") || $0.contains("\"action\":\"removed\"") }, [true, true])
    }

    func testASuppressedJobFailsInTheWorkerAndIsReplayedByNameOnceRemoved() throws {
        XCTAssertEqual(try space.run(["suppression", "add", "gone@example.com", "--reason", "userunknown"]).status, 0)
        let reset: [String: Any] = [
            "version": 1, "kind": "password_reset", "locale": "en", "to": "Gone@example.com", "login_id": "u1", "data": [:],
        ]
        try space.produce(id: "r1", job: reset)
        try space.produce(
            id: "r2", job: ["version": 1, "kind": "password_reset", "locale": "en", "to": "ok@example.com", "login_id": "u2", "data": [:]])
        let metrics = space.root.appendingPathComponent("hikyaku.prom").path
        let run = try space.run(["run", "--once", "--metrics-file", metrics])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("sent"), ["r2.json"])
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/r1.reason"), encoding: .utf8)
        XCTAssertTrue(reason.hasPrefix("suppressed: userunknown since "), reason)
        let tokens = try FileManager.default.contentsOfDirectory(atPath: space.state.appendingPathComponent("tokens").path)
        XCTAssertEqual(tokens.filter { $0.hasSuffix(".json") }.count, 1, "only r2 was issued a link")
        let list = try space.run(["list", "failed"])
        XCTAssertTrue(list.stdout.contains("suppressed: userunknown since"), list.stdout)
        let prometheus = try String(contentsOfFile: metrics, encoding: .utf8)
        XCTAssertTrue(prometheus.contains("hikyaku_deliveries_total{kind=\"password_reset\",outcome=\"suppressed\"} 1"), prometheus)
        XCTAssertTrue(prometheus.contains("hikyaku_suppressions{state=\"active\"} 1"), prometheus)
        let events = try space.run(["events", "--json"])
        XCTAssertTrue(events.stdout.contains("suppressed: userunknown"), events.stdout + events.stderr)

        // A bulk replay leaves it; once the address is removed, naming it sends it.
        let dryRun = try space.run(["replay", "--state", "failed", "--dry-run"])
        XCTAssertEqual(dryRun.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "", dryRun.stderr)
        XCTAssertEqual(try space.run(["suppression", "remove", "gone@example.com"]).status, 0)
        XCTAssertEqual(try space.run(["replay", "r1"]).status, 0)
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("sent"), ["r1.json", "r2.json"])
    }
}
