// OperatorViewTests.swift — show --message, times in the configured zone, and a last hour that survives a purge, on the built binary.
import Foundation
import XCTest

final class OperatorViewTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testShowMessagePrintsTheMailTheWorkerSentWithItsLinkAndCodeRedacted() throws {
        try space.writeFileConfig()
        let link = try space.issue(id: "reset1", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        let sent = try XCTUnwrap(try space.outboxMail(job: "reset1"))

        // The whole message: the sent one, same Message-ID and Date, only the token redacted.
        let eml = try space.run(["show", "reset1", "--message", "--format", "eml"])
        XCTAssertEqual(eml.status, 0, eml.stderr)
        XCTAssertFalse(eml.stdout.contains(link.value), "the token must never be shown")
        let shownPath = space.root.appendingPathComponent("shown.eml").path
        try Data(eml.stdout.utf8).write(to: URL(fileURLWithPath: shownPath))
        let shown = try XCTUnwrap(try JudgedMail.judge([shownPath]).first)
        XCTAssertEqual(shown.defects, [])
        XCTAssertEqual(shown.subject, sent.subject)
        XCTAssertEqual(shown.text, sent.text.replacingOccurrences(of: link.value, with: "[redacted]"))
        XCTAssertTrue(shown.text.contains("token=[redacted]"), shown.text)
        for name in ["message-id:", "date:"] {
            XCTAssertEqual(header(name, in: eml.stdout), header(name, in: try outboxRaw(job: "reset1")), name)
        }

        // For people: the decoded headers, then the text part.
        let text = try space.run(["show", "reset1", "--message"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("Subject: \(sent.subject)\n"), text.stdout)
        XCTAssertTrue(text.stdout.contains("X-Hikyaku-Kind: password_reset\n\nDear sanka1,\n"), text.stdout)
        XCTAssertTrue(text.stdout.contains("\nhttps://portal.example.jp/password/reset?token=[redacted]\n"), text.stdout)
        XCTAssertFalse(text.stdout.contains(link.value))

        // A code is redacted too; the mail is the one sent.
        let code = try space.issue(id: "otp1", kind: "otp_code", login: "sanka2", to: "naoki.ito@example.co.jp")
        let otp = try space.run(["show", "otp1", "--message"])
        XCTAssertEqual(otp.status, 0, otp.stderr)
        XCTAssertTrue(otp.stdout.contains("[code redacted]"), otp.stdout)
        XCTAssertFalse(otp.stdout.contains(code.value), otp.stdout)

        // No such job: 66; a corrupt or invalid job has no mail: 65.
        XCTAssertEqual(try space.run(["show", "nosuch", "--message"]).status, 66)
        try space.drop(fixture: "bad-jobs/unknown-kind.json", id: "strange")
        try space.drop(fixture: "bad-jobs/not-json.json", id: "broken")
        XCTAssertEqual(try space.run(["show", "strange", "--message"]).status, 65, "not yet seen by a worker, and invalid")
        try space.runWorker()
        for id in ["strange", "broken"] {
            let result = try space.run(["show", id, "--message"])
            XCTAssertEqual(result.status, 65, "\(id): \(result.stdout)\(result.stderr)")
        }
        XCTAssertEqual(try space.run(["show", "reset1", "--message", "--format", "pdf"]).status, 64)
    }

    func testTimesAreInTheConfiguredZoneForPeopleUTCWithTheFlagAndInJSON() throws {
        try space.writeConfig(transport: "smtp://127.0.0.1:\(try SMTPSink.freePort())", extra: ["retry_delay_seconds": 3600])
        try space.drop(fixture: "jobs/password_reset-ja.json", id: "reset1")
        try space.runWorker()
        let detail =
            try JSONSerialization.jsonObject(with: Data(try space.run(["show", "reset1", "--json"]).stdout.utf8)) as? [String: Any]
        let attempts = try XCTUnwrap((detail?["record"] as? [String: Any])?["attempts"] as? [[String: Any]])
        let stamp = try XCTUnwrap(attempts.first?["at"] as? String)
        XCTAssertTrue(stamp.hasSuffix("Z"), stamp)
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let at = try XCTUnwrap(parser.date(from: stamp))
        let tokyo = wallClock(at, zone: "Asia/Tokyo") + " JST", utc = wallClock(at, zone: "UTC") + " UTC"

        let shown = try space.run(["show", "reset1"]).stdout
        XCTAssertTrue(shown.contains("  1.  \(tokyo)  deferred"), shown)
        XCTAssertTrue(shown.contains("received:") && shown.contains(" JST ("), shown)
        XCTAssertFalse(shown.contains(stamp), shown)
        XCTAssertTrue(try space.run(["show", "reset1", "--utc"]).stdout.contains("  1.  \(utc)  deferred"))
        XCTAssertTrue(try space.run(["status"]).stdout.contains("last error: \(tokyo) reset1 (deferred)"))
        XCTAssertTrue(try space.run(["status", "--utc"]).stdout.contains("last error: \(utc) reset1 (deferred)"))
        let status = try JSONSerialization.jsonObject(with: Data(try space.run(["status", "--json"]).stdout.utf8)) as? [String: Any]
        let errorAt = try XCTUnwrap((status?["last_error"] as? [String: Any])?["at"] as? String)
        XCTAssertEqual(errorAt, stamp.prefix(19) + "Z", "RFC 3339 UTC, whole seconds")

        // Another zone from the config.
        try space.writeConfig(
            transport: "smtp://127.0.0.1:1", extra: ["retry_delay_seconds": 3600, "time_zone": "UTC"])
        XCTAssertTrue(try space.run(["status"]).stdout.contains("last error: \(utc) reset1"))
    }

    func testTheLastHourInStatusSurvivesAPurgeAndADelete() throws {
        try space.writeFileConfig()
        try space.drop(fixture: "jobs/login_notice-en.json", id: "notice1")
        try space.drop(fixture: "jobs/login_notice-ja.json", id: "notice2")
        try space.drop(fixture: "bad-jobs/unknown-kind.json", id: "strange")
        try space.runWorker()
        XCTAssertEqual(space.files("sent"), ["notice1.json", "notice2.json"])
        XCTAssertTrue(try space.run(["status"]).stdout.contains("last hour: 2 delivered, 1 failed"))
        // A tally entry older than the hour never counts.
        let old = Int(Date().timeIntervalSince1970) - 7200
        try Data("{\"failed\":[[\(old),5]],\"sent\":[[\(old),7]],\"version\":1}".utf8)
            .write(to: space.spool.appendingPathComponent("recently-removed.json"))

        for state in ["sent", "failed"] {
            let purge = try space.run(["purge", "--state", state, "--older-than", "0s"])
            XCTAssertEqual(purge.status, 0, purge.stderr)
        }
        XCTAssertEqual(space.files("sent"), [])
        XCTAssertEqual(space.files("failed"), [])
        let status = try space.run(["status"])
        XCTAssertTrue(status.stdout.contains("last hour: 2 delivered, 1 failed"), status.stdout)
        let json = try JSONSerialization.jsonObject(with: Data(try space.run(["status", "--json"]).stdout.utf8)) as? [String: Any]
        XCTAssertEqual(json?["last_hour"] as? [String: Int], ["delivered": 2, "failed": 1])

        // delete keeps the count too; a fresh delivery adds to it.
        try space.drop(fixture: "jobs/login_notice-en.json", id: "notice3")
        try space.drop(fixture: "jobs/login_notice-ja.json", id: "notice4")
        try space.runWorker()
        XCTAssertEqual(try space.run(["delete", "notice3"]).status, 0)
        XCTAssertEqual(space.files("sent"), ["notice4.json"])
        XCTAssertTrue(try space.run(["status"]).stdout.contains("last hour: 4 delivered, 1 failed"))
    }

    /// `yyyy-MM-dd HH:mm:ss` of `date` in `zone`.
    private func wallClock(_ date: Date, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// The raw outbox message of job `id`.
    private func outboxRaw(job id: String) throws -> String {
        let directory = space.outbox.appendingPathComponent("new")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            if text.contains("\r\nX-Hikyaku-Job: \(id)\r\n") { return text }
        }
        throw XCTSkip("no outbox mail for \(id)")
    }

    /// The value of the header `name` (lowercased, with its colon) in a raw message.
    private func header(_ name: String, in raw: String) -> String? {
        raw.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n").first { $0.lowercased().hasPrefix(name) }.map {
            $0.dropFirst(name.count).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
