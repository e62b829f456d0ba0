// DeliveryTests.swift — the spine end to end: the built binary, a real smtp-sink, every kind × locale.
import Foundation
import XCTest

final class DeliveryTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    static let kinds = ["password_reset", "login_notice", "otp_code", "email_change", "deletion_notice"]
    static let locales = ["ja", "en", "ja_en"]

    func testEveryKindAndLocaleArrivesOnceDecodedAndTheResetLinkWorksOnce() throws {
        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        for kind in Self.kinds {
            for locale in Self.locales {
                try space.drop(fixture: "jobs/\(kind)-\(locale).json", id: "\(kind)-\(locale)")
            }
        }
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("sent").count, 15, run.stderr)
        XCTAssertEqual(space.files("new"), [])
        XCTAssertEqual(space.files("active"), [])

        let mails = try JudgedMail.judge(sink.messagePaths())
        XCTAssertEqual(mails.count, 15, "each job delivered exactly once")
        var byJob: [String: JudgedMail] = [:]
        for mail in mails {
            XCTAssertEqual(mail.defects, [], mail.subject)
            XCTAssertFalse(mail.headers.map { $0.lowercased() }.contains("bcc"))
            let job = (mail.object["job_header"] as? String) ?? ""
            XCTAssertNil(byJob[job], "duplicate delivery of \(job)")
            byJob[job] = mail
        }
        for kind in Self.kinds {
            for locale in Self.locales {
                let id = "\(kind)-\(locale)"
                guard let mail = byJob[id] else { XCTFail("no message for \(id)"); continue }
                let fixture =
                    try JSONSerialization.jsonObject(
                        with: Data(
                            contentsOf: Workspace.repository
                                .appendingPathComponent("fixtures/jobs/\(id).json"))) as! [String: Any]
                let rcpt = mail.object["envelope_rcpt"] as? String ?? ""
                XCTAssertEqual(rcpt, "<\(fixture["to"] as! String)>", id)
                let hasJapanese = mail.text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) }
                XCTAssertEqual(hasJapanese, locale != "en", "\(id): Japanese text present only for ja and ja+en")
                if locale == "ja_en" { XCTAssertTrue(mail.subject.contains(" / "), mail.subject) }
                XCTAssertTrue(mail.text.contains(fixture["login_id"] as! String) || kind == "login_notice" || kind == "otp_code", id)
            }
        }
        // The reset link's token is accepted exactly once, for its login and address only.
        let reset = try XCTUnwrap(byJob["password_reset-ja"])
        let token = try XCTUnwrap(extractToken(reset.text))
        XCTAssertTrue(reset.text.contains("https://portal.example.jp/password/reset?token="))
        let login = "sanka1"
        let fixture =
            try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: Workspace.repository
                        .appendingPathComponent("fixtures/jobs/password_reset-ja.json"))) as! [String: Any]
        let email = fixture["to"] as! String
        let wrong = try space.run(["token", "consume", "--token", token, "--login", "someone-else", "--email", email])
        XCTAssertEqual(wrong.status, 1, wrong.stdout)
        XCTAssertTrue(wrong.stdout.contains("\"mismatch\""), wrong.stdout)
        let first = try space.run(
            ["token", "consume", "--token", "-", "--login", fixture["login_id"] as? String ?? login, "--email", email], stdin: token + "\n")
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        XCTAssertTrue(first.stdout.contains("\"valid\":true"), first.stdout)
        let second = try space.run([
            "token", "consume", "--token", token, "--login", fixture["login_id"] as? String ?? login, "--email", email,
        ])
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stdout.contains("\"used\""), second.stdout)
    }

    func testTransientRejectDefersThenDeliversWhenTheRelayRecovers() throws {
        let failing = try SMTPSink(flags: ["-r", "RCPT"], in: space.root)
        try space.writeConfig(transport: "smtp://127.0.0.1:\(failing.port)")
        try space.drop(fixture: "jobs/otp_code-ja.json", id: "otp1")
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("deferred"), ["otp1.json"])
        let record = try recordObject("deferred", "otp1")
        let attempt = try XCTUnwrap((record["attempts"] as? [[String: Any]])?.last)
        XCTAssertEqual(attempt["code"] as? Int, 450, "\(attempt)")
        XCTAssertEqual(attempt["phase"] as? String, "rcpt")
        XCTAssertEqual(failing.messages().count, 0)
        failing.stop()

        let healthy = try SMTPSink(in: space.root)
        defer { healthy.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(healthy.port)")
        let retry = try space.run(["run", "--once"])
        XCTAssertEqual(retry.status, 0, retry.stderr)
        XCTAssertEqual(space.files("sent"), ["otp1.json"])
        XCTAssertEqual(healthy.messages().count, 1)
        let sent = try recordObject("sent", "otp1")
        XCTAssertEqual((sent["attempts"] as? [[String: Any]])?.count, 2)
    }

    func testPermanentRejectFailsWithTheReplyRecorded() throws {
        let sink = try SMTPSink(flags: ["-f", "RCPT"], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        try space.drop(fixture: "jobs/login_notice-en.json", id: "notice1")
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("failed"), ["notice1.json", "notice1.reason"])
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/notice1.reason"), encoding: .utf8)
        XCTAssertTrue(reason.hasPrefix("5"), reason)
        let record = try recordObject("failed", "notice1")
        let attempt = try XCTUnwrap((record["attempts"] as? [[String: Any]])?.last)
        XCTAssertEqual((attempt["code"] as? Int).map { $0 / 100 }, 5)
        XCTAssertEqual(attempt["outcome"] as? String, "failed")
    }

    func testConnectionRefusedDefers() throws {
        let port = try SMTPSink.freePort()
        try space.writeConfig(transport: "smtp://127.0.0.1:\(port)")
        try space.drop(fixture: "jobs/deletion_notice-ja.json", id: "del1")
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("deferred"), ["del1.json"])
        let attempt = try XCTUnwrap((try recordObject("deferred", "del1")["attempts"] as? [[String: Any]])?.last)
        XCTAssertEqual(attempt["phase"] as? String, "connect")
        XCTAssertEqual(attempt["code"] as? Int, 0)
    }

    func testCRLFInjectedRecipientFailsWithoutAnyRCPT() throws {
        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        try space.drop(fixture: "bad-jobs/crlf-recipient.json", id: "evil")
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("failed"), ["evil.json", "evil.reason"])
        XCTAssertEqual(sink.messages().count, 0, "nothing may reach the relay")
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/evil.reason"), encoding: .utf8)
        XCTAssertTrue(reason.contains("\"to\""), reason)
        XCTAssertFalse(reason.contains("\r"))
    }

    func testCorruptFileAmongGoodOnesIsQuarantinedWhileTheOthersAreDelivered() throws {
        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        try space.drop(fixture: "jobs/otp_code-en.json", id: "good1")
        try space.drop(fixture: "bad-jobs/not-json.json", id: "broken")
        try space.drop(fixture: "bad-jobs/unknown-kind.json", id: "strange")
        try space.drop(fixture: "jobs/login_notice-ja.json", id: "good2")
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("sent"), ["good1.json", "good2.json"])
        XCTAssertEqual(space.files("corrupt"), ["broken.json", "broken.reason"])
        XCTAssertEqual(space.files("failed"), ["strange.json", "strange.reason"])
        let reason = try String(contentsOf: space.spool.appendingPathComponent("corrupt/broken.reason"), encoding: .utf8)
        XCTAssertTrue(reason.contains("JSON"), reason)
        XCTAssertEqual(sink.messages().count, 2)
    }

    func testAReusedJobIDNeverOverwritesTheJobThatHasIt() throws {
        let sink = try SMTPSink(flags: ["-r", "RCPT"], in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["retry_delay_seconds": 3600])
        try space.drop(fixture: "jobs/deletion_notice-ja.json", id: "same")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("deferred"), ["same.json"])
        let before = try Data(contentsOf: space.spool.appendingPathComponent("deferred/same.json"))

        // enqueue refuses the id; a producer renaming by hand gets its job quarantined instead.
        let refused = try space.run([
            "enqueue", "--id", "same", Workspace.repository.appendingPathComponent("fixtures/jobs/otp_code-en.json").path,
        ])
        XCTAssertEqual(refused.status, 65, refused.stderr)
        try space.drop(fixture: "jobs/otp_code-en.json", id: "same")
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(
            try Data(contentsOf: space.spool.appendingPathComponent("deferred/same.json")), before, "the deferred job is untouched")
        XCTAssertEqual(space.files("corrupt"), ["same.json", "same.reason"])
        let reason = try String(contentsOf: space.spool.appendingPathComponent("corrupt/same.reason"), encoding: .utf8)
        XCTAssertTrue(reason.contains("already used by the job in deferred/"), reason)
        XCTAssertEqual(space.files("new"), [])
    }

    private func recordObject(_ state: String, _ id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: space.spool.appendingPathComponent("\(state)/\(id).json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
