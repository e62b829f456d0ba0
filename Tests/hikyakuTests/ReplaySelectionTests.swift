// ReplaySelectionTests.swift — a bulk replay never revives a superseded or rate-limited request; --dry-run changes nothing.
import Foundation
import XCTest

final class ReplaySelectionTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testBulkReplaySkipsJobsThatEndedOnPurposeUnlessNamed() throws {
        // A relay answering 450 first: both address changes get a link and wait; the later one's
        // link supersedes the earlier's, so the earlier's retry fails "superseded before delivery".
        let busy = try SMTPSink(flags: ["-r", "RCPT"], in: space.root)
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(busy.port)", extra: ["rate_limits": ["password_reset": ["count": 1]]])
        let reset: [String: Any] = [
            "version": 1, "kind": "password_reset", "locale": "en", "to": "a@example.com", "login_id": "sanka1", "data": [:],
        ]
        try space.produce(id: "reset1", job: reset)
        try space.produce(id: "reset2", job: reset)
        for (id, address) in [("change1", "old1@example.com"), ("change2", "old2@example.com")] {
            try space.produce(
                id: id,
                job: [
                    "version": 1, "kind": "email_change", "locale": "en", "to": "b@example.com", "login_id": "yamada",
                    "data": ["new_email": address],
                ])
            XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        }
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        busy.stop()
        // Then a relay refusing with 550: what is left fails with the relay's reply.
        let refusing = try SMTPSink(flags: ["-f", "RCPT"], in: space.root)
        defer { refusing.stop() }
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(refusing.port)", extra: ["rate_limits": ["password_reset": ["count": 1]]])
        _ = try space.run(["flush"])
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        let reasons = try Dictionary(
            uniqueKeysWithValues: space.files("failed").filter { $0.hasSuffix(".reason") }.map { name in
                (String(name.dropLast(7)), try String(contentsOf: space.spool.appendingPathComponent("failed/\(name)"), encoding: .utf8))
            })
        XCTAssertEqual(Set(reasons.keys), ["reset1", "reset2", "change1", "change2"], "\(reasons)")
        let limited = try XCTUnwrap(reasons.first { $0.value.hasPrefix("rate_limited") }?.key)
        let superseded = try XCTUnwrap(reasons.first { $0.value.hasPrefix("superseded") }?.key)
        let refused = reasons.keys.filter { $0 != limited && $0 != superseded }.sorted()
        XCTAssertEqual(refused.count, 2, "\(reasons)")

        let dryRun = try space.run(["replay", "--state", "failed", "--dry-run"])
        XCTAssertEqual(dryRun.status, 0, dryRun.stderr)
        XCTAssertEqual(Set(dryRun.stdout.split(separator: "\n").map(String.init)), Set(refused))
        XCTAssertEqual(space.files("new"), [], "a dry run changes nothing")

        let bulk = try space.run(["replay", "--state", "failed"])
        XCTAssertEqual(bulk.status, 0, bulk.stderr)
        XCTAssertEqual(space.files("new").sorted(), refused.map { "\($0).json" })
        XCTAssertTrue(space.files("failed").contains("\(limited).json"))
        XCTAssertTrue(space.files("failed").contains("\(superseded).json"))
        // Named, it is the operator's decision.
        XCTAssertEqual(try space.run(["replay", limited]).status, 0)
        XCTAssertTrue(space.files("new").contains("\(limited).json"))
    }
}
