// TokenWorkerTests.swift — how the worker handles links and codes: recorded first, resent identically, revoked when dead.
import Foundation
import XCTest

final class TokenWorkerTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    private func useRelay(_ relay: Relay, extra: [String: Any] = [:]) throws {
        try space.writeConfig(transport: "smtp://127.0.0.1:\(relay.port)", extra: extra)
    }

    /// The job's link or code, read from what the relay received.
    private func secret(in path: String, kind: String) throws -> DeliveredSecret {
        let mail = try XCTUnwrap(try JudgedMail.judge([path]).first)
        return try XCTUnwrap(DeliveredSecret.find(in: mail.text, kind: kind), "no secret in \(path)")
    }

    private func record(_ state: String, _ id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: space.spool.appendingPathComponent("\(state)/\(id).json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testTheLinkIsRecordedBeforeTheMailIsSent() throws {
        // The relay keeps the message but holds its reply to the final "." until we say so.
        let release = space.root.appendingPathComponent("release")
        let relay = try Relay(Relay.Options(holdFile: release.path))
        defer { relay.stop() }
        // A generous reply timeout: the worker must still be waiting when we look.
        try useRelay(relay, extra: ["smtp": ["connections": 1, "timeout_seconds": 60]])
        try space.enqueue(id: "held", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        let worker = try RunningCLI(space, ["run", "--once"])
        let deadline = Date().addingTimeInterval(20)
        while relay.messagePaths().isEmpty && Date() < deadline { usleep(20_000) }
        let path = try XCTUnwrap(relay.messagePaths().first, "the relay never received the message")

        // Mid-send: the relay holds the bytes, the worker awaits the reply, and the link already verifies.
        let link = try secret(in: path, kind: "password_reset")
        XCTAssertEqual(space.files("active"), ["held.json"], "the send has not finished yet")
        let peek = try space.run(["token", "peek", "--token", link.value, "--login", "sanka1", "--email", "omori@example.co.jp"])
        XCTAssertEqual(peek.status, 0, peek.stdout + peek.stderr)

        XCTAssertTrue(FileManager.default.createFile(atPath: release.path, contents: Data()))
        let finished = worker.wait()
        XCTAssertEqual(finished.status, 0, finished.stderr)
        XCTAssertEqual(space.files("sent"), ["held.json"])
    }

    func testARetryResendsTheSameLinkAndCodeWithTheSameBytes() throws {
        // Every first attempt is refused after the final ".", when the message bytes are complete.
        let later = "451 4.3.0 try again later"
        let relay = try Relay(Relay.Options(dotReplies: [later, later, later]))
        defer { relay.stop() }
        try useRelay(relay)
        try space.enqueue(id: "reset", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        try space.enqueue(
            id: "change", kind: "email_change", login: "dlee", to: "david.lee@example.com",
            data: ["new_email": "d.lee@example.jp"])
        try space.enqueue(id: "code", kind: "otp_code", login: "itonaoki", to: "naoki.ito@example.co.jp")
        try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["change.json", "code.json", "reset.json"])
        let first = relay.messages()
        XCTAssertEqual(first.count, 3)

        try space.runWorker()
        XCTAssertEqual(space.files("sent"), ["change.json", "code.json", "reset.json"])
        let all = relay.messages()
        XCTAssertEqual(all.count, 6)
        // Pair each job's two deliveries by its X-Hikyaku-Job header: byte for byte the same.
        func job(_ data: Data) -> String {
            let text = String(decoding: data, as: UTF8.self)
            return text.split(separator: "\r\n").first { $0.hasPrefix("X-Hikyaku-Job: ") }.map(String.init) ?? "?"
        }
        for message in all.prefix(3) {
            let again = all.dropFirst(3).filter { job($0) == job(message) }
            XCTAssertEqual(again.count, 1, job(message))
            XCTAssertEqual(again.first, message, "\(job(message)): the retry must send the same bytes")
        }
        // And the resent link still works (once).
        let reset = try XCTUnwrap(
            relay.messagePaths().first { path in
                job(FileManager.default.contents(atPath: path) ?? Data()).hasSuffix("reset")
            })
        let link = try secret(in: reset, kind: "password_reset")
        XCTAssertEqual(
            try space.run([
                "token", "consume", "--token", link.value, "--login", "sanka1",
                "--email", "omori@example.co.jp",
            ]).status, 0)
        XCTAssertEqual((try record("sent", "reset")["attempts"] as? [[String: Any]])?.count, 2)
    }

    func testAPermanentFailureRevokesTheLink() throws {
        let relay = try Relay(Relay.Options(dotReplies: ["554 5.7.1 message refused"]))
        defer { relay.stop() }
        try useRelay(relay)
        try space.enqueue(id: "refused", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        try space.runWorker()
        XCTAssertEqual(space.files("failed"), ["refused.json", "refused.reason"])
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/refused.reason"), encoding: .utf8)
        XCTAssertTrue(reason.hasPrefix("554"), reason)
        let link = try secret(in: try XCTUnwrap(relay.messagePaths().first), kind: "password_reset")
        let consume = try space.run(["token", "consume", "--token", link.value, "--login", "sanka1", "--email", "omori@example.co.jp"])
        XCTAssertEqual(consume.status, 1)
        XCTAssertEqual(jsonObject(consume)["reason"] as? String, "revoked")
    }

    func testAPermanentFailureWithdrawsTheCode() throws {
        let relay = try Relay(Relay.Options(dotReplies: ["554 5.7.1 message refused"]))
        defer { relay.stop() }
        try useRelay(relay)
        try space.enqueue(id: "refused", kind: "otp_code", login: "itonaoki", to: "naoki.ito@example.co.jp")
        try space.runWorker()
        XCTAssertEqual(space.files("failed"), ["refused.json", "refused.reason"])
        let code = try secret(in: try XCTUnwrap(relay.messagePaths().first), kind: "otp_code")
        let status = jsonObject(try space.run(["otp", "status", "--login", "itonaoki"]))
        XCTAssertEqual(status["has_active_code"] as? Bool, false, "\(status)")
        let verify = try space.run(["otp", "verify", "--login", "itonaoki", "--code", code.value])
        XCTAssertEqual(verify.status, 1)
        XCTAssertEqual(jsonObject(verify)["reason"] as? String, "no_active_code")
    }

    func testASweptExpiredLinkIsNeverIssuedAgainByARetry() throws {
        let relay = try Relay(Relay.Options(dotReplies: ["451 4.3.0 try again later"]))
        defer { relay.stop() }
        try useRelay(relay, extra: ["lifetimes": ["password_reset": 2]])
        try space.enqueue(id: "late", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["late.json"])
        let link = try secret(in: try XCTUnwrap(relay.messagePaths().first), kind: "password_reset")

        // The link expires and the store forgets it (as after a long outage and the worker's sweep).
        Thread.sleep(forTimeInterval: 3.1)
        XCTAssertEqual(try space.run(["token", "sweep", "--older-than", "0"]).status, 0)
        let retry = try space.runWorker()
        XCTAssertEqual(space.files("failed"), ["late.json", "late.reason"], retry.stderr)
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/late.reason"), encoding: .utf8)
        XCTAssertTrue(reason.hasPrefix("expired before delivery"), reason)
        XCTAssertEqual(relay.messages().count, 1, "the retry must not mail the old link again")
        let peek = try space.run(["token", "peek", "--token", link.value, "--login", "sanka1", "--email", "omori@example.co.jp"])
        XCTAssertEqual(peek.status, 1, "an expired, swept link never becomes valid again: \(peek.stdout)")
    }

    func testAUsedLinkSweptAtOnceIsNeverIssuedAgainByARetry() throws {
        // The first attempt's reply is a refusal after the message went out (as after a lost reply).
        let relay = try Relay(Relay.Options(dotReplies: ["451 4.3.0 try again later"]))
        defer { relay.stop() }
        try useRelay(relay)
        try space.enqueue(id: "twice", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["twice.json"])
        let link = try secret(in: try XCTUnwrap(relay.messagePaths().first), kind: "password_reset")
        let words = ["token", "consume", "--token", link.value, "--login", "sanka1", "--email", "omori@example.co.jp"]
        XCTAssertEqual(try space.run(words).status, 0, "the user got the mail and used the link")

        // The operator sweeps everything that ended (records hold whole seconds), then the retry runs.
        Thread.sleep(forTimeInterval: 1.1)
        let sweep = try space.run(["token", "sweep", "--older-than", "0"])
        XCTAssertEqual(jsonObject(sweep)["swept"] as? Int, 1, sweep.stderr)
        let retry = try space.runWorker()
        XCTAssertEqual(space.files("failed"), ["twice.json", "twice.reason"], retry.stderr)
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/twice.reason"), encoding: .utf8)
        XCTAssertEqual(reason, "used before delivery\n", "the retry found the link as it ended")
        XCTAssertEqual(relay.messages().count, 1, "never mailed again")
        // Nothing was recorded for the old token, so no crash before a revoke can leave it live.
        let records = try FileManager.default.contentsOfDirectory(atPath: space.state.appendingPathComponent("tokens").path)
        XCTAssertEqual(records.filter { $0.hasSuffix(".json") }, [], "the used token was not issued again")
        let again = try space.run(words)
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(jsonObject(again)["reason"] as? String, "unknown")
    }

    func testALinkThatExpiresBeforeDeliveryIsRevokedAndNeverMailed() throws {
        let relay = try Relay(Relay.Options(dotReplies: ["451 4.3.0 try again later"]))
        defer { relay.stop() }
        try useRelay(relay, extra: ["lifetimes": ["password_reset": 2]])
        try space.enqueue(id: "slow", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["slow.json"])
        let link = try secret(in: try XCTUnwrap(relay.messagePaths().first), kind: "password_reset")

        // Issue times are whole seconds, so a 2 s lifetime lasts more than 1 s (the first attempt
        // is safely inside it) and has surely ended 3.1 s later.
        Thread.sleep(forTimeInterval: 3.1)
        let retry = try space.runWorker()
        XCTAssertEqual(space.files("failed"), ["slow.json", "slow.reason"], retry.stderr)
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/slow.reason"), encoding: .utf8)
        XCTAssertTrue(reason.hasPrefix("expired before delivery after 1 attempt: last reply 451 4.3.0"), reason)
        XCTAssertEqual(relay.messages().count, 1, "no mail with a dead link may go out")
        let consume = try space.run(["token", "consume", "--token", link.value, "--login", "sanka1", "--email", "omori@example.co.jp"])
        XCTAssertEqual(jsonObject(consume)["reason"] as? String, "revoked")
    }

    func testAnOTPJobWhoseCodeExpiresBeforeDeliveryFailsWithoutMailing() throws {
        let relay = try Relay(Relay.Options(dotReplies: ["451 4.3.0 try again later"]))
        defer { relay.stop() }
        try useRelay(relay, extra: ["lifetimes": ["otp_code": 2]])
        try space.enqueue(id: "code", kind: "otp_code", login: "itonaoki", to: "naoki.ito@example.co.jp")
        try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["code.json"])
        // Issue times are whole seconds, so a 2 s lifetime lasts more than 1 s (the first attempt
        // is safely inside it) and has surely ended 3.1 s later.
        Thread.sleep(forTimeInterval: 3.1)
        try space.runWorker()
        XCTAssertEqual(space.files("failed"), ["code.json", "code.reason"])
        XCTAssertEqual(relay.messages().count, 1)
    }

    func testTheWorkerSweepsLongEndedRecordsAtStart() throws {
        try space.writeFileConfig()
        let live = try space.issue(id: "live", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        // A record that ended years ago, as a crashed or long-idle deployment would leave it.
        let stale = space.state.appendingPathComponent("tokens/" + String(repeating: "ab", count: 32) + ".json")
        let old =
            #"{"emails":["old@example.jp"],"expires_at":"2020-01-01T01:00:00Z","issued_at":"2020-01-01T00:00:00Z","job_id":"old","login_id":"old","purpose":"password_reset","status":"active","version":1}"#
        try Data((old + "\n").utf8).write(to: stale)
        chmod(stale.path, 0o600)

        let run = try space.runWorker()
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path), "the worker sweeps at start")
        let swept = run.stderr.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }.filter { $0["event"] as? String == "tokens_swept" }
        XCTAssertEqual(swept.map { $0["count"] as? Int }, [1], run.stderr)
        let peek = try space.run(["token", "peek", "--token", live.value, "--login", "sanka1", "--email", "omori@example.co.jp"])
        XCTAssertEqual(peek.status, 0, "a live link survives the sweep")
    }
}
