// InboundIntakeTests.swift — the built binary takes mail in: `inbound deliver` (0 or 75, never 65), the maildir, list and show.
import Foundation
import XCTest

final class InboundIntakeTests: XCTestCase {
    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: Workspace.repository.appendingPathComponent("fixtures/inbound/\(name)"), encoding: .utf8)
    }

    private func inboundFiles(_ space: Workspace, _ state: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: space.spool.appendingPathComponent("inbound/\(state)").path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    func testDeliverStoresTheMessage0600AndExitsZero() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.writeConfig(transport: "file:\(space.root.path)/outbox")
        XCTAssertEqual(try space.run(["init"]).status, 0)
        let message = try Self.fixture("postfix-dsn-5.1.1.eml")
        let result = try space.run(["inbound", "deliver"], stdin: message)
        XCTAssertEqual(result.status, 0, result.stderr)
        let stored = inboundFiles(space, "new")
        XCTAssertEqual(stored.count, 1)
        let path = space.spool.appendingPathComponent("inbound/new/\(stored[0])").path
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), message)
        XCTAssertTrue(result.stdout.contains(stored[0]), result.stdout)
        XCTAssertEqual(inboundFiles(space, "tmp"), [])

        // Garbage is the worker's to quarantine, not the MTA's to bounce: stored, exit 0.
        XCTAssertEqual(try space.run(["inbound", "deliver"], stdin: "\u{0}\u{1}not mail").status, 0)
        // Nothing at all: nothing stored, exit 0, one line saying so.
        let empty = try space.run(["inbound", "deliver"], stdin: "")
        XCTAssertEqual(empty.status, 0)
        XCTAssertTrue(empty.stderr.contains("empty"), empty.stderr)
        XCTAssertEqual(inboundFiles(space, "new").count, 2)
    }

    func testDeliverExits75WheneverItCannotStoreAndNever65() throws {
        let space = try Workspace()
        defer { space.remove() }
        let message = try Self.fixture("postfix-dsn-5.1.1.eml")
        // No spool yet (hikyaku init never ran).
        try space.writeConfig(transport: "file:\(space.root.path)/outbox")
        var result = try space.run(["inbound", "deliver"], stdin: message)
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertTrue(result.stderr.contains("hikyaku init"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.spool.path), "deliver creates no spool")
        // The spool path is a file: nobody, root included, can store under it.
        FileManager.default.createFile(atPath: space.spool.path, contents: Data("x".utf8))
        XCTAssertEqual(try space.run(["inbound", "deliver"], stdin: message).status, 75)
        try FileManager.default.removeItem(at: space.spool)
        // A bad config, or a mistyped command line: still the MTA's to retry, never a bounce.
        XCTAssertEqual(
            try space.run(
                ["inbound", "deliver", "--config", space.root.appendingPathComponent("none.json").path], stdin: message, withConfig: false
            ).status, 75)
        XCTAssertEqual(try space.run(["inbound", "deliver", "extra"], stdin: message).status, 75)
        XCTAssertEqual(try space.run(["init"]).status, 0)
        // An unwritable new/ (chattr +i as root).
        let undo = try makeUnwritable(space.spool.appendingPathComponent("inbound/tmp").path)
        defer { undo() }
        result = try space.run(["inbound", "deliver"], stdin: message)
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertFalse(result.stderr.hasPrefix("5."), "pipe(8) would read a leading 5.X.X as a bounce")
        XCTAssertEqual(inboundFiles(space, "new"), [])
    }

    func testALargeMessageIsStoredTruncatedAndFiledInOther() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.writeConfig(transport: "file:\(space.root.path)/outbox")
        XCTAssertEqual(try space.run(["init"]).status, 0)
        let big = "From: someone@example.net\nSubject: big\n\n" + String(repeating: "0123456789abcdef\n", count: 200_000)
        let result = try space.run(["inbound", "deliver"], stdin: big)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("truncated") || result.stderr.contains("first 2097152"), result.stderr)
        let stored = try XCTUnwrap(inboundFiles(space, "new").first)
        XCTAssertTrue(stored.hasSuffix("-truncated.eml"), stored)
        let size = try FileManager.default.attributesOfItem(atPath: space.spool.appendingPathComponent("inbound/new/\(stored)").path)[.size]
        XCTAssertEqual((size as? NSNumber)?.intValue, 2 * 1024 * 1024)
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(inboundFiles(space, "other"), [stored, stored.replacingOccurrences(of: ".eml", with: ".json")])
    }

    func testRunOnceProcessesDeliveredAndMaildirMailAndListAndShowRedact() throws {
        let space = try Workspace()
        defer { space.remove() }
        let maildir = space.root.appendingPathComponent("Maildir").path
        for sub in ["", "/new", "/cur", "/tmp"] { XCTAssertEqual(mkdir(maildir + sub, 0o700), 0) }
        try space.writeConfig(transport: "file:\(space.root.path)/outbox", extra: ["inbound_maildir": maildir])
        XCTAssertEqual(try space.run(["init"]).status, 0)
        XCTAssertEqual(try space.run(["inbound", "deliver"], stdin: try Self.fixture("postfix-dsn-returned-secrets.eml")).status, 0)
        try Self.fixture("arf-abuse.eml").write(toFile: maildir + "/new/1733900000.M1P1.host", atomically: false, encoding: .utf8)
        XCTAssertEqual(try space.run(["inbound", "deliver"], stdin: "Subject: hello\n\njust a reply\n").status, 0)

        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(BackgroundRun.events("inbound_processed", in: run.stderr).count, 3, run.stderr)
        XCTAssertEqual(inboundFiles(space, "new"), [])
        XCTAssertEqual(inboundFiles(space, "done").count, 4, "two messages with their reports")
        XCTAssertEqual(inboundFiles(space, "other").count, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: maildir + "/new"), [])

        let list = try space.run(["inbound", "list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertEqual(list.stdout.split(separator: "\n").count, 4, list.stdout)
        XCTAssertTrue(list.stdout.contains("userunknown (hard)"), list.stdout)
        XCTAssertTrue(list.stdout.contains("complaint"), list.stdout)
        let json = try space.run(["inbound", "list", "done", "--json"])
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let messages = try XCTUnwrap(document["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.count, 2)
        let bounce = try XCTUnwrap(messages.first { $0["kind"] as? String == "bounce" })
        let name = try XCTUnwrap(bounce["name"] as? String)
        XCTAssertEqual(bounce["job"] as? String, "01JEPW4R7N2K8Q5Z3X6Y9T1VBM")

        for arguments in [["inbound", "show", name], ["inbound", "show", name, "--json"]] {
            let show = try space.run(arguments)
            XCTAssertEqual(show.status, 0, show.stderr)
            XCTAssertTrue(show.stdout.contains("portal.example.jp/[redacted]"), show.stdout)
            for secret in ["482915", "Zq3xV9", "taro.yamada@", "token="] {
                XCTAssertFalse(show.stdout.contains(secret), "\(secret) shown: \(show.stdout)")
            }
        }
        XCTAssertEqual(try space.run(["inbound", "show", "01733900000000-m-0000000000000000"]).status, 66)
        XCTAssertEqual(try space.run(["inbound", "show", "../etc"]).status, 64)
        let status = try space.run(["status", "--json"])
        let inbound = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["inbound"] as? [String: Int]
        XCTAssertEqual(inbound, ["new": 0, "done": 2, "other": 1, "quarantine": 0])
    }

    func testARunningWorkerFilesADeliveredMessageAtOnceAndCountsItInItsMetrics() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.writeConfig(transport: "file:\(space.root.path)/outbox")
        XCTAssertEqual(try space.run(["init"]).status, 0)
        let metrics = space.root.appendingPathComponent("hikyaku.prom").path
        let worker = try BackgroundRun(space, ["run", "--metrics-file", metrics], lifetimeSeconds: 60)
        XCTAssertTrue(eventually(timeout: 10) { !worker.events("worker_started").isEmpty }, worker.log)
        XCTAssertEqual(try space.run(["inbound", "deliver"], stdin: try Self.fixture("exim-bounce.eml")).status, 0)
        XCTAssertTrue(eventually(timeout: 10) { self.inboundFiles(space, "done").count == 2 }, worker.log)
        worker.send(SIGTERM)
        XCTAssertEqual(worker.waitForExit(timeout: 30), 0, worker.log)
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        XCTAssertTrue(text.contains("hikyaku_inbound_messages{state=\"done\"} 1"), text)
    }
}
