// DuplicateKeyTests.swift — a key named twice is refused in jobs (enqueue and worker), nested data and config.
import Foundation
import XCTest

final class DuplicateKeyTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        XCTAssertEqual(try space.run(["init"]).status, 0)
    }

    override func tearDown() {
        space.remove()
    }

    /// A web tier validating with a first-wins parser approves the victim; last-wins mails the attacker.
    let twoRecipients = """
        {"version":1,"kind":"password_reset","locale":"en","to":"victim@example.com","login_id":"victim",\
        "data":{},"to":"attacker@evil.example"}
        """
    let twoNewAddresses = """
        {"version":1,"kind":"email_change","locale":"en","to":"victim@example.com","login_id":"victim",\
        "data":{"new_email":"victim-new@example.com","new_email":"attacker@evil.example"}}
        """

    func testEnqueueRefusesAKeyNamedTwiceAtAnyDepthAndWritesNothing() throws {
        for (job, key) in [(twoRecipients, "to"), (twoNewAddresses, "new_email")] {
            let result = try space.run(["enqueue", "--id", "dup", "-"], stdin: job)
            XCTAssertEqual(result.status, 65, result.stderr)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("field \"\(key)\" appears twice"), result.stderr)
            XCTAssertEqual(space.files("new"), [])
            XCTAssertEqual(space.files("tmp"), [])
        }
    }

    func testTheWorkerFailsSuchAFileWithItsReasonAndMailsNobody() throws {
        for (index, job) in [twoRecipients, twoNewAddresses].enumerated() {
            let tmp = space.spool.appendingPathComponent("tmp/dup\(index).json")
            try Data(job.utf8).write(to: tmp)
            try FileManager.default.moveItem(at: tmp, to: space.spool.appendingPathComponent("new/dup\(index).json"))
        }
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("failed"), ["dup0.json", "dup0.reason", "dup1.json", "dup1.reason"])
        for (index, key) in ["to", "new_email"].enumerated() {
            let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/dup\(index).reason"), encoding: .utf8)
            XCTAssertTrue(reason.contains("field \"\(key)\" appears twice"), reason)
        }
        let outbox = space.root.appendingPathComponent("outbox/new").path
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? [], [], "nothing was mailed")
    }

    func testAConfigNamingAKeyTwiceIsAConfigError() throws {
        let text = "{\"transport\": \"file:./outbox\", \"spool\": \"\(space.spool.path)\", \"transport\": \"smtp://127.0.0.1:1\"}"
        try Data(text.utf8).write(to: URL(fileURLWithPath: space.configPath))
        let result = try space.run(["status"])
        XCTAssertEqual(result.status, 78, result.stderr)
        XCTAssertTrue(result.stderr.contains("\"transport\": named twice"), result.stderr)
    }
}
