// OperatorTests.swift — the operator's commands on the built binary against a real smtp-sink.
import Foundation
import XCTest
@testable import HikyakuTokens

final class OperatorTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testStatusListAndShowDescribeASpoolWithJobsInEveryState() throws {
        // sent: delivered through a real sink.
        let sink = try SMTPSink(in: space.root)
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        try space.drop(fixture: "jobs/login_notice-en.json", id: "notice1")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        sink.stop()
        // deferred: the relay refuses connections; failed: an invalid job; corrupt: not JSON.
        try space.writeConfig(transport: "smtp://127.0.0.1:\(try SMTPSink.freePort())", extra: ["retry_delay_seconds": 3600])
        try space.drop(fixture: "jobs/password_reset-ja.json", id: "reset1")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        try space.drop(fixture: "bad-jobs/unknown-kind.json", id: "strange")
        try space.drop(fixture: "bad-jobs/not-json.json", id: "broken")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        // hold and new: jobs no worker has seen.
        try space.drop(fixture: "jobs/otp_code-ja.json", id: "otp1")
        XCTAssertEqual(try space.run(["hold", "otp1"]).status, 0)
        try space.drop(fixture: "jobs/deletion_notice-ja.json", id: "waiting")

        let status = try space.run(["status"])
        XCTAssertEqual(status.status, 0, status.stderr)
        for (state, count) in [("new", 1), ("deferred", 1), ("sent", 1), ("failed", 1), ("corrupt", 1), ("hold", 1), ("active", 0)] {
            XCTAssertTrue(
                status.stdout.split(separator: "\n").contains {
                    $0.split(separator: " ").prefix(2) == [Substring(state), Substring(String(count))]
                },
                "\(state) \(count) in:\n\(status.stdout)")
        }
        XCTAssertTrue(status.stdout.contains("last hour: 1 delivered, 1 failed"), status.stdout)
        XCTAssertTrue(status.stdout.contains("last error: ") && status.stdout.contains("strange (failed): invalid job"), status.stdout)
        let json = try object(try space.run(["status", "--json"]).stdout)
        let states = try XCTUnwrap(json["states"] as? [String: [String: Any]])
        XCTAssertEqual(states["deferred"]?["count"] as? Int, 1)
        XCTAssertEqual(states["deferred"]?["oldest_id"] as? String, "reset1")
        XCTAssertEqual(states["sent"]?["count"] as? Int, 1)
        XCTAssertNil(states["active"]?["oldest_age_seconds"])
        XCTAssertEqual((json["last_hour"] as? [String: Int])?["delivered"], 1)
        XCTAssertEqual((json["last_error"] as? [String: Any])?["id"] as? String, "strange")

        // list: every state but sent by default, recipients masked.
        let list = try space.run(["list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        for id in ["waiting", "reset1", "otp1", "strange", "broken"] { XCTAssertTrue(list.stdout.contains(id), "\(id) in\n\(list.stdout)") }
        XCTAssertFalse(list.stdout.contains("notice1"), list.stdout)
        XCTAssertTrue(list.stdout.contains("o****@example.co.jp"), list.stdout)
        XCTAssertFalse(list.stdout.contains("omori@"), list.stdout)
        XCTAssertTrue(try space.run(["list", "sent"]).stdout.contains("notice1"))
        let resets = try object(try space.run(["list", "--kind", "password_reset", "--json"]).stdout)
        let jobs = try XCTUnwrap(resets["jobs"] as? [[String: Any]])
        XCTAssertEqual(jobs.map { $0["id"] as? String }, ["reset1"])
        XCTAssertEqual(jobs.first?["attempts"] as? Int, 1)
        XCTAssertEqual(jobs.first?["to"] as? String, "o****@example.co.jp")
        XCTAssertEqual(try space.run(["list", "--since", "2h"]).stdout.contains("reset1"), true)
        XCTAssertEqual(try space.run(["list", "--since", "2999-01-01T00:00:00Z"]).stdout, "no jobs\n")
        XCTAssertEqual(try space.run(["list", "--since", "yesterday"]).status, 64)
        XCTAssertEqual(try space.run(["list", "--kind", "fax"]).status, 64)

        // show: the attempts and the link's state, never the token.
        let token = try linkToken(state: "deferred", id: "reset1")
        let shown = try space.run(["show", "reset1"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("password_reset: active"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("deferred  0  connect"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("o****@example.co.jp"), shown.stdout)
        let shownJSON = try space.run(["show", "reset1", "--json"])
        XCTAssertFalse((shown.stdout + shownJSON.stdout).contains(token), "the token must never be shown")
        let detail = try object(shownJSON.stdout)
        XCTAssertEqual((detail["token"] as? [String: Any])?["status"] as? String, "active")
        let record = try XCTUnwrap(detail["record"] as? [String: Any])
        XCTAssertNil(record["seed"])
        XCTAssertEqual((record["attempts"] as? [[String: Any]])?.first?["phase"] as? String, "connect")
        let strange = try object(try space.run(["show", "strange", "--json"]).stdout)
        XCTAssertTrue((strange["reason"] as? String ?? "").contains("unknown kind"), "\(strange)")
        XCTAssertTrue(try space.run(["show", "otp1"]).stdout.contains("this job has not issued its code yet"))
        XCTAssertEqual(try space.run(["show", "nosuchjob"]).status, 66)
        XCTAssertEqual(try space.run(["show", "../etc"]).status, 64)
    }

    func testReplayOfAFailedLinkJobMailsAFreshWorkingLinkAndTheOldOneIsRefused() throws {
        let failing = try SMTPSink(flags: ["-f", "RCPT"], in: space.root)
        try space.writeConfig(transport: "smtp://127.0.0.1:\(failing.port)")
        try space.drop(fixture: "jobs/password_reset-ja.json", id: "reset1")
        try space.drop(fixture: "jobs/login_notice-en.json", id: "notice1")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        failing.stop()
        XCTAssertEqual(space.files("failed"), ["notice1.json", "notice1.reason", "reset1.json", "reset1.reason"])
        let oldToken = try linkToken(state: "failed", id: "reset1")

        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        // Bulk, narrowed by kind: only the reset job goes back, with a summary line.
        let replay = try space.run(["replay", "--state", "failed", "--kind", "password_reset"])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        XCTAssertEqual(replay.stdout, "replayed 1 of 1\n")
        XCTAssertEqual(space.files("new"), ["reset1.json"])
        XCTAssertEqual(space.files("failed"), ["notice1.json", "notice1.reason"])
        let requeued = try record("new", "reset1")
        XCTAssertNil(requeued["seed"])
        XCTAssertNil(requeued["failure_reason"])
        XCTAssertEqual(requeued["replays"] as? Int, 1)
        XCTAssertEqual((requeued["attempts"] as? [[String: Any]])?.count, 1, "the attempts history stays")

        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("sent"), ["reset1.json"])
        let mails = try JudgedMail.judge(sink.messagePaths())
        XCTAssertEqual(mails.count, 1)
        let newToken = try XCTUnwrap(extractToken(mails[0].text))
        XCTAssertNotEqual(newToken, oldToken)
        let old = try space.run(["token", "consume", "--token", oldToken, "--login", "sanka1", "--email", "omori@example.co.jp"])
        XCTAssertEqual(old.status, 1, old.stdout)
        XCTAssertTrue(old.stdout.contains("\"reason\":\"revoked\""), old.stdout)
        let fresh = try space.run(["token", "consume", "--token", newToken, "--login", "sanka1", "--email", "omori@example.co.jp"])
        XCTAssertEqual(fresh.status, 0, fresh.stdout + fresh.stderr)
        let detail = try object(try space.run(["show", "reset1", "--json"]).stdout)
        XCTAssertEqual((detail["token"] as? [String: Any])?["status"] as? String, "used")

        // Ids: one replayed, one unknown — the unknown one is reported and sets the exit code.
        let mixed = try space.run(["replay", "nosuch", "notice1"])
        XCTAssertEqual(mixed.status, 66, mixed.stderr)
        XCTAssertTrue(mixed.stderr.contains("nosuch: not found"), mixed.stderr)
        XCTAssertEqual(mixed.stdout, "replayed 1 of 2: 1 missing\n")
        XCTAssertEqual(space.files("new"), ["notice1.json"])
        XCTAssertEqual(space.files("failed"), [])
    }

    func testReplayOfASentJobNeedsForceThenRevokesTheDeliveredLinkAndChangesTheMessageID() throws {
        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        try space.drop(fixture: "jobs/password_reset-en.json", id: "reset2")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        let first = try XCTUnwrap(try JudgedMail.judge(sink.messagePaths()).first)
        let oldToken = try XCTUnwrap(extractToken(first.text))
        let fixture = try fixtureObject("jobs/password_reset-en.json")
        let login = fixture["login_id"] as! String, email = fixture["to"] as! String
        XCTAssertEqual(try space.run(["token", "peek", "--token", oldToken, "--login", login, "--email", email]).status, 0)

        let refused = try space.run(["replay", "reset2"])
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("--force"), refused.stderr)
        XCTAssertEqual(space.files("sent"), ["reset2.json"])
        XCTAssertEqual(try space.run(["replay", "--state", "sent"]).status, 64)

        let forced = try space.run(["replay", "reset2", "--force", "--json"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try object(forced.stdout)["done"] as? Int, 1)
        XCTAssertEqual(space.files("new"), ["reset2.json"])
        // Revoked by the replay itself, before any new link supersedes it.
        let old = try space.run(["token", "peek", "--token", oldToken, "--login", login, "--email", email])
        XCTAssertEqual(old.status, 1)
        XCTAssertTrue(old.stdout.contains("\"reason\":\"revoked\""), old.stdout)

        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        let mails = try JudgedMail.judge(sink.messagePaths())
        XCTAssertEqual(mails.count, 2)
        let ids = sink.messages().map { messageID(String(decoding: $0, as: UTF8.self)) }
        XCTAssertEqual(Set(ids).count, 2, "a replay is a new message: \(ids)")
        let newToken = try XCTUnwrap(mails.compactMap { extractToken($0.text) }.first { $0 != oldToken })
        XCTAssertEqual(try space.run(["token", "consume", "--token", newToken, "--login", login, "--email", email]).status, 0)
    }

    func testFlushMakesADeferredJobDueAtOnce() throws {
        try space.writeConfig(transport: "smtp://127.0.0.1:\(try SMTPSink.freePort())", extra: ["retry_delay_seconds": 3600])
        try space.drop(fixture: "jobs/otp_code-en.json", id: "otp1")
        try space.drop(fixture: "jobs/login_notice-ja.json", id: "notice1")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("deferred"), ["notice1.json", "otp1.json"])

        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["retry_delay_seconds": 3600])
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(sink.messages().count, 0, "not due for an hour")
        XCTAssertEqual(space.files("deferred"), ["notice1.json", "otp1.json"])

        let flush = try space.run(["flush", "otp1"])
        XCTAssertEqual(flush.status, 0, flush.stderr)
        XCTAssertEqual(flush.stdout, "flushed 1 of 1\n")
        XCTAssertEqual(space.files("new"), ["otp1.json"])
        XCTAssertEqual(try space.run(["flush", "nosuch"]).status, 66)
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("sent"), ["otp1.json"])
        XCTAssertEqual(sink.messages().count, 1)
        XCTAssertEqual(try space.run(["flush", "otp1"]).status, 65, "a sent job is not deferred")
        // Without ids: every deferred job.
        XCTAssertEqual(try space.run(["flush"]).stdout, "flushed 1 of 1\n")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("sent"), ["notice1.json", "otp1.json"])
    }

    func testAHeldJobIsNeitherSentNorExpiredUntilReleased() throws {
        // A 1-second link, deferred once, then held past its expiry.
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(try SMTPSink.freePort())",
            extra: ["retry_delay_seconds": 0, "lifetimes": ["password_reset": 1]])
        try space.drop(fixture: "jobs/password_reset-ja.json", id: "reset1")
        try space.drop(fixture: "jobs/deletion_notice-en.json", id: "gone1")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        let hold = try space.run(["hold", "reset1", "gone1", "nosuch"])
        XCTAssertEqual(hold.status, 66)
        XCTAssertEqual(hold.stdout, "held 2 of 3: 1 missing\n")
        XCTAssertEqual(space.files("hold"), ["gone1.json", "reset1.json"])
        let oldSeed = try XCTUnwrap(try record("hold", "reset1")["seed"] as? String)

        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["lifetimes": ["password_reset": 60]])
        usleep(1_500_000)
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(sink.messages().count, 0, "held jobs are never sent")
        XCTAssertEqual(space.files("hold"), ["gone1.json", "reset1.json"])

        let release = try space.run(["release", "reset1", "gone1"])
        XCTAssertEqual(release.status, 0, release.stderr)
        XCTAssertEqual(space.files("new"), ["gone1.json", "reset1.json"])
        let released = try record("new", "reset1")
        XCTAssertNil(released["seed"], "the link expired while held: a fresh one is issued")
        XCTAssertNotNil(released["requeued_at"])
        XCTAssertNotEqual(released["seed"] as? String, oldSeed)
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("sent"), ["gone1.json", "reset1.json"])
        XCTAssertEqual(sink.messages().count, 2)
        XCTAssertEqual(try space.run(["release", "reset1"]).status, 65, "not held")
    }

    func testHoldingAJobBeingSentIsRefused() throws {
        try space.writeConfig(transport: "smtp://127.0.0.1:1")
        try FileManager.default.createDirectory(at: space.spool.appendingPathComponent("active"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Workspace.repository.appendingPathComponent("fixtures/jobs/otp_code-ja.json"),
            to: space.spool.appendingPathComponent("active/busy1.json"))
        let hold = try space.run(["hold", "busy1"])
        XCTAssertEqual(hold.status, 75)
        XCTAssertTrue(hold.stderr.contains("being sent") || hold.stderr.contains("sending it"), hold.stderr)
        XCTAssertEqual(space.files("active"), ["busy1.json"])
    }

    func testPurgeRemovesOnlyRecordsOlderThanTheBound() throws {
        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        for id in ["old1", "new1"] { try space.drop(fixture: "jobs/login_notice-en.json", id: id) }
        for id in ["oldbad", "newbad"] { try space.drop(fixture: "bad-jobs/unknown-kind.json", id: id) }
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        let eightDaysAgo = Date().addingTimeInterval(-8 * 86_400)
        for path in ["sent/old1.json", "failed/oldbad.json", "failed/oldbad.reason"] {
            try FileManager.default.setAttributes(
                [.modificationDate: eightDaysAgo], ofItemAtPath: space.spool.appendingPathComponent(path).path)
        }

        let sent = try space.run(["purge", "--state", "sent", "--older-than", "7d"])
        XCTAssertEqual(sent.status, 0, sent.stderr)
        XCTAssertTrue(sent.stdout.hasPrefix("purged 1 from sent/"), sent.stdout)
        XCTAssertEqual(space.files("sent"), ["new1.json"])
        let failed = try object(try space.run(["purge", "--state", "failed", "--older-than", "7d", "--json"]).stdout)
        XCTAssertEqual(failed["purged"] as? Int, 1)
        XCTAssertEqual(space.files("failed"), ["newbad.json", "newbad.reason"])
        XCTAssertEqual(try space.run(["purge", "--state", "failed", "--older-than", "1w"]).stdout.hasPrefix("purged 0 "), true)
        XCTAssertEqual(try space.run(["purge", "--state", "new", "--older-than", "7d"]).status, 64)
        XCTAssertEqual(try space.run(["purge", "--state", "sent", "--older-than", "7"]).status, 64)
        XCTAssertEqual(try space.run(["purge", "--state", "sent"]).status, 64)
    }

    // MARK: - Helpers

    private func object(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    private func record(_ state: String, _ id: String) throws -> [String: Any] {
        try object(String(decoding: try Data(contentsOf: space.spool.appendingPathComponent("\(state)/\(id).json")), as: UTF8.self))
    }

    private func fixtureObject(_ path: String) throws -> [String: Any] {
        try object(String(decoding: try Data(contentsOf: Workspace.repository.appendingPathComponent("fixtures/\(path)")), as: UTF8.self))
    }

    /// The link token a (password reset) record's seed derives, bound to the job (what it mailed, or would have).
    private func linkToken(state: String, id: String) throws -> String {
        let stored = try record(state, id)
        let seed = try XCTUnwrap(Base64URL.decode(try XCTUnwrap(stored["seed"] as? String)))
        let job = try XCTUnwrap(stored["job"] as? [String: Any])
        let binding = SeedBinding(
            jobID: id, purpose: "password_reset", loginID: try XCTUnwrap(job["login_id"] as? String),
            addresses: [try XCTUnwrap(job["to"] as? String)])
        let secret = try ServerSecret.load(path: space.state.appendingPathComponent("secret").path, createIfMissing: false)
        return secret.linkToken(seed: secret.boundSeed(seed, to: binding))
    }

    private func messageID(_ raw: String) -> String {
        raw.split(separator: "\n").first { $0.lowercased().hasPrefix("message-id:") }.map {
            String($0.dropFirst(11)).trimmingCharacters(in: .whitespacesAndNewlines)
        } ?? ""
    }
}
