// InboundPurgeTests.swift — `inbound purge` deletes old returned messages with their reports, never new/ ones.
import Foundation
import XCTest

final class InboundPurgeTests: XCTestCase {
    func testPurgeTakesOnlyOldFinishedMessagesWithTheirReports() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.writeConfig(transport: "file:\(space.root.path)/outbox")
        XCTAssertEqual(try space.run(["init"]).status, 0)
        for fixture in ["postfix-dsn-5.1.1.eml", "exim-bounce.eml"] {
            XCTAssertEqual(try space.run(["inbound", "deliver"], stdin: try InboundIntakeTests.fixture(fixture)).status, 0)
        }
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        let done = space.spool.appendingPathComponent("inbound/done")
        let messages = try FileManager.default.contentsOfDirectory(atPath: done.path).filter { $0.hasSuffix(".eml") }.sorted()
        XCTAssertEqual(messages.count, 2)
        // One of them is 40 days old.
        let old = done.appendingPathComponent(messages[0]).path
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-40 * 86400)], ofItemAtPath: old)
        // And one waits in new/, old as well: never purged.
        XCTAssertEqual(try space.run(["inbound", "deliver"], stdin: try InboundIntakeTests.fixture("qmail-bounce.eml")).status, 0)
        let waiting = space.spool.appendingPathComponent("inbound/new")
        for name in try FileManager.default.contentsOfDirectory(atPath: waiting.path) {
            try FileManager.default.setAttributes(
                [.modificationDate: Date().addingTimeInterval(-40 * 86400)], ofItemAtPath: waiting.appendingPathComponent(name).path)
        }

        let dry = try space.run(["inbound", "purge", "--older-than", "30d", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("done/" + messages[0].dropLast(4)), dry.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: done.path).count, 4, "a dry run deletes nothing")

        let purge = try space.run(["inbound", "purge", "--older-than", "30d", "--json"])
        XCTAssertEqual(purge.status, 0, purge.stderr)
        XCTAssertEqual((jsonObject(purge)["purged"] as? [String: Int])?["done"], 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: done.path).sorted()
        XCTAssertEqual(left, [String(messages[1].dropLast(4)) + ".eml", String(messages[1].dropLast(4)) + ".json"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: waiting.path).count, 1, "new/ is the worker's")
        XCTAssertEqual(try space.run(["inbound", "purge", "--older-than", "1d", "--state", "new"]).status, 64)
        XCTAssertEqual(try space.run(["inbound", "purge"]).status, 64)
    }
}
