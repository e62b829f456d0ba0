// InboundCLITests.swift — the built binary's `inbound parse`: one JSON line, and the exit codes for bad input.
import Foundation
import XCTest

final class InboundCLITests: XCTestCase {
    func testParsePrintsTheReportAndExitCodes() throws {
        let space = try Workspace()
        defer { space.remove() }
        let fixture = Workspace.repository.appendingPathComponent("fixtures/inbound/postfix-dsn-5.1.1.eml").path
        let result = try space.run(["inbound", "parse", fixture, "--json"], withConfig: false)
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["kind"] as? String, "bounce")
        XCTAssertEqual(object["format"] as? String, "rfc3464")
        let recipient = try XCTUnwrap((object["recipients"] as? [[String: Any]])?.first)
        XCTAssertEqual(recipient["reason"] as? String, "userunknown")
        XCTAssertEqual(recipient["hard"] as? Bool, true)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.spool.path), "parse touched the spool")

        let garbage = space.root.appendingPathComponent("garbage.bin")
        try Data([0, 1, 2, 3]).write(to: garbage)
        let bad = try space.run(["inbound", "parse", garbage.path, "--json"], withConfig: false)
        XCTAssertEqual(bad.status, 65)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1)
        XCTAssertEqual(bad.stdout, "")

        let missing = try space.run(["inbound", "parse", space.root.appendingPathComponent("none.eml").path, "--json"], withConfig: false)
        XCTAssertEqual(missing.status, 66)
    }
}
