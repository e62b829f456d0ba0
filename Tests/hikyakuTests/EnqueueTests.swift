// EnqueueTests.swift — `hikyaku enqueue` hands off into an existing spool and never creates one; `init` does.
import Foundation
import XCTest

final class EnqueueTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    var job: String { Workspace.repository.appendingPathComponent("fixtures/jobs/otp_code-en.json").path }

    func testEnqueueWithoutAConfiguredSpoolCreatesNothingAndSaysWhatItLookedAt() throws {
        // Run where there is no hikyaku.json: the built-in defaults name ./spool, which no worker reads.
        let result = try space.run(["enqueue", job], withConfig: false)
        XCTAssertEqual(result.status, 66, result.stderr)
        XCTAssertEqual(result.stdout, "")
        let line = result.stderr.trimmingCharacters(in: .newlines)
        XCTAssertFalse(line.contains("\n"), line)
        XCTAssertTrue(line.contains("spool ./spool does not exist"), line)
        XCTAssertTrue(line.contains("config: built-in defaults"), line)
        XCTAssertTrue(line.contains("hikyaku init"), line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.root.appendingPathComponent("spool").path), "no spool was made")
    }

    func testEnqueueNamesTheConfigFileWhoseSpoolIsMissing() throws {
        try space.writeConfig(transport: "file:./outbox")
        let result = try space.run(["enqueue", job])
        XCTAssertEqual(result.status, 66, result.stderr)
        XCTAssertTrue(result.stderr.contains("spool \(space.spool.path) does not exist"), result.stderr)
        XCTAssertTrue(result.stderr.contains("config: \(space.configPath)"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.spool.path))
    }

    func testInitCreatesTheSpoolAndTokenStateThenEnqueueHandsOff() throws {
        try space.writeConfig(transport: "file:./outbox")
        let initialised = try space.run(["init"])
        XCTAssertEqual(initialised.status, 0, initialised.stderr)
        XCTAssertEqual(initialised.stdout, "spool \(space.spool.path): ready\ntoken state \(space.state.path): ready\n")
        for state in ["tmp", "new", "active", "deferred", "sent", "failed", "corrupt", "hold"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: space.spool.appendingPathComponent(state).path)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o700, state)
        }
        let secret = try FileManager.default.attributesOfItem(atPath: space.state.appendingPathComponent("secret").path)
        XCTAssertEqual((secret[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try space.run(["init"]).status, 0, "init again changes nothing and succeeds")
        let enqueued = try space.run(["enqueue", "--id", "code-1", job])
        XCTAssertEqual(enqueued.status, 0, enqueued.stderr)
        XCTAssertEqual(enqueued.stdout, "code-1\n")
        XCTAssertEqual(space.files("new"), ["code-1.json"])
    }

    func testTheSameJobAgainIsAnIdempotentRetryAndADifferentOneIsRefused() throws {
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        XCTAssertEqual(try space.run(["init"]).status, 0)
        XCTAssertEqual(try space.run(["enqueue", "--id", "code-1", job]).status, 0)
        let again = try space.run(["enqueue", "--id", "code-1", job])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, "code-1\n")
        XCTAssertTrue(again.stderr.contains("already queued (in new/)"), again.stderr)
        // Once the worker has made it a record (and sent it), the same job is still recognised.
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        let late = try space.run(["enqueue", "--id", "code-1", job])
        XCTAssertEqual(late.status, 0, late.stderr)
        XCTAssertTrue(late.stderr.contains("already queued (in sent/)"), late.stderr)
        XCTAssertEqual(space.files("new"), [])
        // Another job under that id is refused as before.
        let other = Workspace.repository.appendingPathComponent("fixtures/jobs/otp_code-ja.json").path
        let refused = try space.run(["enqueue", "--id", "code-1", other])
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("already in sent/"), refused.stderr)
    }
}
