// RunTemplatesTests.swift — `hikyaku run` and its templates: the ISO-2022-JP fallback at send time, SIGHUP reload.
import Foundation
import XCTest

final class RunTemplatesTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    /// Hands a fixture job (with `changes`) to the spool the producer's way: tmp/, then rename into new/.
    private func enqueue(_ fixture: String, id: String, _ changes: [String: Any] = [:]) throws {
        let source = Workspace.repository.appendingPathComponent("fixtures/jobs/\(fixture).json")
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        for (key, value) in changes { object[key] = value }
        for state in ["tmp", "new"] {
            try FileManager.default.createDirectory(at: space.spool.appendingPathComponent(state), withIntermediateDirectories: true)
        }
        let tmp = space.spool.appendingPathComponent("tmp/\(id).json")
        try JSONSerialization.data(withJSONObject: object).write(to: tmp)
        try FileManager.default.moveItem(at: tmp, to: space.spool.appendingPathComponent("new/\(id).json"))
    }

    private var outbox: URL { space.root.appendingPathComponent("outbox/new") }

    /// The outbox message of job `id` (FileTransport names files `<time>.<id>.P…`).
    private func outboxMessage(_ id: String) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []
        return names.first { $0.contains(".\(id).P") }.map { outbox.appendingPathComponent($0).path }
    }

    private func logLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    func testAnUnrepresentableNameFallsBackToUTF8AndTheLogSaysWhichVariable() throws {
        try space.writeConfig(
            transport: "file:\(space.root.appendingPathComponent("outbox").path)",
            extra: ["charsets": ["ja": "ISO-2022-JP"]])
        try enqueue("otp_code-ja", id: "clean")
        try enqueue("otp_code-ja", id: "odd", ["to_name": "岡﨑 ①郎"])
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("sent"), ["clean.json", "odd.json"])
        let events = logLines(run.stderr)
        let fallbacks = events.filter { $0["event"] as? String == "charset_fallback" }
        XCTAssertEqual(fallbacks.map { $0["job"] as? String }, ["odd"], run.stderr)
        let detail = fallbacks.first?["detail"] as? String ?? ""
        XCTAssertTrue(detail.hasPrefix(#"to_name: "﨑" (U+FA11), "①" (U+2460) cannot be sent as ISO-2022-JP"#), detail)
        XCTAssertEqual(fallbacks.first?["charset"] as? String, "UTF-8")

        let paths = [try XCTUnwrap(outboxMessage("clean")), try XCTUnwrap(outboxMessage("odd"))]
        let mails = try JudgedMail.judge(paths)
        XCTAssertEqual(mails.map(\.defects), [[], []])
        XCTAssertEqual(mails.map { $0.parts.first?["charset"] as? String }, ["iso-2022-jp", "utf-8"])
        XCTAssertTrue(mails[1].text.hasPrefix("岡﨑 ①郎 様"), mails[1].text)
        // The code is in the mail, never in the log.
        let code = try XCTUnwrap(mails[1].text.components(separatedBy: "ワンタイムパスワード：").dropFirst().first?.prefix(6))
        XCTAssertFalse(run.stderr.contains(String(code)), "the OTP code reached the log")
    }

    /// A copy of the repository's templates in the workspace, for a test to break.
    private func copiedTemplates() throws -> URL {
        let templates = space.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Workspace.repository.appendingPathComponent("templates"), to: templates)
        return templates
    }

    func testTheWorkerRefusesToStartUnlessTheWholeTemplatesCheckPasses() throws {
        let templates = try copiedTemplates()
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)", extra: ["templates": templates.path])
        try enqueue("password_reset-en", id: "waiting")
        func refused(_ what: String, _ needle: String) throws {
            let run = try space.run(["run", "--once"])
            XCTAssertEqual(run.status, 78, "\(what): \(run.stderr)")
            let lines = run.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(what): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(needle), "\(what): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("templates check"), "\(what): \(run.stderr)")
            XCTAssertEqual(space.files("new"), ["waiting.json"], "\(what): no job was touched")
        }
        let text = templates.appendingPathComponent("password_reset/en.txt")
        let original = try Data(contentsOf: text)
        try FileManager.default.removeItem(at: text)
        try refused("a missing template", "password_reset/en.txt")
        try original.write(to: text)
        try Data("Reset by {{expires_at}}\n".utf8).write(to: templates.appendingPathComponent("password_reset/en.subject"))
        try refused("an unknown variable", "expires_at")
        try FileManager.default.removeItem(at: templates)
        try refused("no templates directory", "not found")
    }

    func testALineBreakInAJobsOwnDataNoLongerReachesTheSubject() throws {
        // {{device}} in a subject: this job's device holds a line break, which once broke the
        // subject (a permanent render failure). Every shown value is one line now (`ShownText`),
        // so the job's own data can no longer fail rendering: the mail goes out, its subject on
        // one line, and the break reaches neither the header nor the parts.
        let templates = try copiedTemplates()
        try Data("Login from {{device}}\n".utf8).write(to: templates.appendingPathComponent("login_notice/en.subject"))
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)", extra: ["templates": templates.path])
        let source = Workspace.repository.appendingPathComponent("fixtures/jobs/login_notice-en.json")
        var job = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var data = try XCTUnwrap(job["data"] as? [String: Any])
        data["user_agent"] = "Mozilla/5.0\nSecond line\r\n\u{2028}Third"
        job["data"] = data
        try space.produce(id: "notice", job: job)
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("sent"), ["notice.json"], run.stderr)
        XCTAssertEqual(space.files("failed"), [])
        XCTAssertEqual(space.files("deferred"), [])
        let mail = try XCTUnwrap(try JudgedMail.judge([try XCTUnwrap(outboxMessage("notice"))]).first)
        XCTAssertEqual(mail.defects, [])
        XCTAssertEqual(mail.subject, "Login from Mozilla/5.0 Second line Third")
        XCTAssertTrue(mail.text.contains("Device:        Mozilla/5.0 Second line Third"), mail.text)
        XCTAssertFalse(mail.text.contains("\nSecond") || mail.text.contains("\nThird"), mail.text)
    }

    func testSIGHUPReloadsTheTemplatesAndABrokenEditKeepsTheOldOnes() throws {
        let templates = space.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Workspace.repository.appendingPathComponent("templates"), to: templates)
        try space.writeConfig(
            transport: "file:\(space.root.appendingPathComponent("outbox").path)",
            extra: ["templates": templates.path])
        let log = space.root.appendingPathComponent("worker.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = Workspace.binary
        process.arguments = ["run", "--config", space.configPath]
        process.currentDirectoryURL = space.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        func logText() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        /// Waits up to 30 s for `condition`; fails with the log if it never holds.
        func wait(_ what: String, _ condition: () -> Bool) throws {
            let deadline = Date().addingTimeInterval(30)
            while !condition() {
                guard Date() < deadline, process.isRunning else {
                    XCTFail("\(what) did not happen:\n\(logText())")
                    throw CocoaError(.userCancelled)
                }
                usleep(20_000)
            }
        }
        func subject(of id: String) throws -> String {
            try wait("delivery of \(id)") { outboxMessage(id) != nil }
            return try XCTUnwrap(JudgedMail.judge([outboxMessage(id)!]).first).subject
        }
        func count(_ event: String) -> Int { logLines(logText()).filter { $0["event"] as? String == event }.count }

        try wait("start") { count("worker_started") == 1 }
        try enqueue("deletion_notice-en", id: "before")
        XCTAssertEqual(try subject(of: "before"), "Email Address Removal Notification")

        // An edit is not seen until SIGHUP…
        try Data("Your address was removed\n".utf8).write(to: templates.appendingPathComponent("deletion_notice/en.subject"))
        try enqueue("deletion_notice-en", id: "edited")
        XCTAssertEqual(try subject(of: "edited"), "Email Address Removal Notification")
        // …and after it, the new wording is sent.
        kill(process.processIdentifier, SIGHUP)
        try wait("reload") { count("templates_reloaded") == 1 }
        try enqueue("deletion_notice-en", id: "reloaded")
        XCTAssertEqual(try subject(of: "reloaded"), "Your address was removed")

        // A broken edit is refused at reload: the worker keeps sending with the templates it has.
        try Data("Removed {{#oops}}\n".utf8).write(to: templates.appendingPathComponent("deletion_notice/en.subject"))
        kill(process.processIdentifier, SIGHUP)
        try wait("refused reload") { count("templates_reload_failed") == 1 }
        try enqueue("deletion_notice-en", id: "kept")
        XCTAssertEqual(try subject(of: "kept"), "Your address was removed")

        // So is an edit that parses but fails the check: a variable the kind does not offer.
        try Data("Removed at {{removed_when}}\n".utf8).write(to: templates.appendingPathComponent("deletion_notice/en.subject"))
        kill(process.processIdentifier, SIGHUP)
        try wait("refused reload of an unknown variable") { count("templates_reload_failed") == 2 }
        XCTAssertTrue(logText().contains("removed_when"), logText())
        try enqueue("deletion_notice-en", id: "kept-again")
        XCTAssertEqual(try subject(of: "kept-again"), "Your address was removed")

        kill(process.processIdentifier, SIGTERM)
        try wait("stop") { count("worker_stopped") == 1 }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, logText())
    }
}
