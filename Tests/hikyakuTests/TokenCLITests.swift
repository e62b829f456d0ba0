// TokenCLITests.swift — `hikyaku token` with the built binary, on links the worker really mailed.
import Foundation
import XCTest

final class TokenCLITests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
        try space.writeFileConfig()
    }

    override func tearDown() {
        space.remove()
    }

    private func check(_ action: String, _ token: String, login: String, email: String, stdin: Bool = false) throws -> CLIResult {
        try space.run(
            ["token", action, "--token", stdin ? "-" : token, "--login", login, "--email", email],
            stdin: stdin ? token + "\n" : nil)
    }

    func testTwentyConcurrentConsumeProcessesExactlyOneWins() throws {
        let link = try space.issue(id: "race", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        // Start all twenty before waiting for any; half read the token from stdin.
        let racers = try (0..<20).map { index in
            try RunningCLI(
                space,
                [
                    "token", "consume", "--token", index.isMultiple(of: 2) ? "-" : link.value,
                    "--login", "sanka1", "--email", "omori@example.co.jp",
                ],
                stdin: index.isMultiple(of: 2) ? link.value : nil)
        }
        let results = racers.map { $0.wait() }
        let winners = results.filter { $0.status == 0 }
        XCTAssertEqual(winners.count, 1, results.map { "\($0.status) \($0.stdout) \($0.stderr)" }.joined(separator: "\n"))
        XCTAssertTrue(winners.first?.stdout.contains("\"valid\":true") ?? false)
        let losers = results.filter { $0.status != 0 }
        XCTAssertEqual(losers.count, 19)
        for loser in losers {
            XCTAssertEqual(loser.status, 1, loser.stderr)
            XCTAssertEqual(jsonObject(loser)["reason"] as? String, "used", loser.stdout)
        }
    }

    func testTheClickHandlerPeeksWithTheTokenAloneAndLearnsNoLogin() throws {
        let link = try space.issue(id: "clicked", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        let peek = try space.run(["token", "peek", "--token", "-"], stdin: link.value + "\n")
        XCTAssertEqual(peek.status, 0, peek.stdout + peek.stderr)
        let answer = jsonObject(peek)
        XCTAssertEqual(answer["valid"] as? Bool, true)
        XCTAssertEqual(answer["purpose"] as? String, "password_reset")
        XCTAssertNotNil(answer["expires_at"] as? String)
        XCTAssertNil(answer["login_id"], "the token alone never names its login: \(peek.stdout)")
        let wrongForm = try space.run(["token", "peek", "--token", link.value, "--purpose", "email_change"])
        XCTAssertEqual(wrongForm.status, 1)
        XCTAssertEqual(jsonObject(wrongForm)["reason"] as? String, "mismatch")
        // Consuming still needs what the user types.
        XCTAssertEqual(try space.run(["token", "consume", "--token", link.value]).status, 64)
        XCTAssertEqual(try check("consume", link.value, login: "sanka1", email: "omori@example.co.jp").status, 0)
        let after = try space.run(["token", "peek", "--token", link.value])
        XCTAssertEqual(after.status, 1)
        XCTAssertEqual(jsonObject(after)["reason"] as? String, "used")
        let unknown = try space.run(["token", "peek", "--token", "not-a-token"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(jsonObject(unknown)["reason"] as? String, "unknown")
    }

    func testALinkTemplateWithAnotherPlaceholderIsRefusedWhenTheConfigLoads() throws {
        for template in ["/reset?login={login}&token={token}", "/reset", "/reset?t={token}&again={token}"] {
            try space.writeConfig(transport: "file:./outbox", extra: ["links": ["password_reset": template]])
            let result = try space.run(["status"])
            XCTAssertEqual(result.status, 78, "\(template): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("links.password_reset"), result.stderr)
        }
    }

    func testThreePeeksChangeNothingThenTheConsumeSucceedsOnce() throws {
        let link = try space.issue(id: "peeked", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        for _ in 0..<3 {
            let peek = try check("peek", link.value, login: "sanka1", email: "omori@example.co.jp")
            XCTAssertEqual(peek.status, 0, peek.stdout + peek.stderr)
            let answer = jsonObject(peek)
            XCTAssertEqual(answer["valid"] as? Bool, true)
            XCTAssertEqual(answer["purpose"] as? String, "password_reset")
            XCTAssertEqual(answer["login_id"] as? String, "sanka1")
            XCTAssertNotNil(answer["expires_at"] as? String)
        }
        let consume = try check("consume", link.value, login: "sanka1", email: "omori@example.co.jp", stdin: true)
        XCTAssertEqual(consume.status, 0, consume.stdout + consume.stderr)
        let peek = try check("peek", link.value, login: "sanka1", email: "omori@example.co.jp")
        XCTAssertEqual(peek.status, 1)
        XCTAssertEqual(jsonObject(peek)["reason"] as? String, "used")
    }

    func testMismatchedLoginOrAddressIsRefusedWithoutConsuming() throws {
        let link = try space.issue(
            id: "change", kind: "email_change", login: "dlee", to: "david.lee@example.com",
            data: ["new_email": "d.lee@example.jp"])
        for (login, email) in [("someone", "david.lee@example.com"), ("dlee", "other@example.com")] {
            let refused = try check("consume", link.value, login: login, email: email)
            XCTAssertEqual(refused.status, 1, refused.stdout)
            let answer = jsonObject(refused)
            XCTAssertEqual(answer["reason"] as? String, "mismatch")
            XCTAssertNil(answer["login_id"], "a mismatch never says whom the token belongs to")
        }
        // The new address is bound too (the confirmation is opened from either mailbox).
        let consumed = try check("consume", link.value, login: "dlee", email: "D.Lee@example.jp")
        XCTAssertEqual(consumed.status, 0, consumed.stdout + consumed.stderr)
    }

    func testALinkIsRefusedAtTheOtherPurposesCheck() throws {
        let link = try space.issue(
            id: "change2", kind: "email_change", login: "dlee", to: "david.lee@example.com",
            data: ["new_email": "d.lee@example.jp"])
        let wrong = try space.run([
            "token", "consume", "--token", link.value, "--login", "dlee", "--email", "david.lee@example.com",
            "--purpose", "password_reset",
        ])
        XCTAssertEqual(wrong.status, 1, wrong.stdout)
        XCTAssertEqual(jsonObject(wrong)["reason"] as? String, "mismatch")
        let right = try space.run([
            "token", "consume", "--token", link.value, "--login", "dlee", "--email", "david.lee@example.com",
            "--purpose", "email_change",
        ])
        XCTAssertEqual(right.status, 0, right.stdout + right.stderr)
        let bad = try space.run([
            "token", "peek", "--token", link.value, "--login", "dlee", "--email", "x@example.com", "--purpose", "other",
        ])
        XCTAssertEqual(bad.status, 64)
    }

    func testANewerLinkSupersedesTheOlderOne() throws {
        let older = try space.issue(id: "first", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        let newer = try space.issue(id: "second", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        XCTAssertNotEqual(older.value, newer.value)
        let stale = try check("consume", older.value, login: "sanka1", email: "omori@example.co.jp")
        XCTAssertEqual(stale.status, 1)
        XCTAssertEqual(jsonObject(stale)["reason"] as? String, "superseded")
        let fresh = try check("consume", newer.value, login: "sanka1", email: "omori@example.co.jp")
        XCTAssertEqual(fresh.status, 0, fresh.stdout + fresh.stderr)
    }

    func testRevokeByLoginAndPurpose() throws {
        let reset = try space.issue(id: "r1", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        let change = try space.issue(
            id: "c1", kind: "email_change", login: "sanka1", to: "omori@example.co.jp",
            data: ["new_email": "omori@example.jp"])
        let other = try space.issue(id: "r2", kind: "password_reset", login: "dlee", to: "david.lee@example.com")

        let byPurpose = try space.run(["token", "revoke", "--login", "sanka1", "--purpose", "password_reset"])
        XCTAssertEqual(byPurpose.status, 0, byPurpose.stderr)
        XCTAssertEqual(jsonObject(byPurpose)["revoked"] as? Int, 1)
        XCTAssertEqual(
            jsonObject(try check("peek", reset.value, login: "sanka1", email: "omori@example.co.jp"))["reason"] as? String, "revoked")
        XCTAssertEqual(try check("peek", change.value, login: "sanka1", email: "omori@example.co.jp").status, 0)

        let everything = try space.run(["token", "revoke", "--login", "sanka1"])
        XCTAssertEqual(jsonObject(everything)["revoked"] as? Int, 1)
        XCTAssertEqual(
            jsonObject(try check("consume", change.value, login: "sanka1", email: "omori@example.co.jp"))["reason"] as? String, "revoked")
        XCTAssertEqual(
            try check("consume", other.value, login: "dlee", email: "david.lee@example.com").status, 0,
            "another login's link is untouched")
    }

    func testUnknownTokensAndUsageErrors() throws {
        let unknown = try check("peek", String(repeating: "A", count: 43), login: "sanka1", email: "omori@example.co.jp")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(jsonObject(unknown)["reason"] as? String, "unknown")
        let usage: [[String]] = [
            ["token"],
            ["token", "frobnicate"],
            ["token", "peek", "--login", "sanka1", "--email", "omori@example.co.jp"],
            ["token", "consume", "--token", "x", "--email", "omori@example.co.jp"],
            ["token", "consume", "--token", "x", "--login", "sanka1"],
            ["token", "peek", "--token", "x", "--login", "sanka1", "--email", "e@example.jp", "--bogus"],
            ["token", "revoke"],
            ["token", "revoke", "--login", "sanka1", "--purpose", "otp_code"],
            ["token", "sweep", "--older-than", "soon"],
            ["token", "peek", "consume", "--token", "x", "--login", "sanka1", "--email", "e@example.jp"],
            ["otp", "verify", "--login", "sanka1"],
            ["otp", "status"],
            ["otp", "reset", "--login", "sanka1"],
        ]
        for words in usage {
            let result = try space.run(words)
            XCTAssertEqual(result.status, 64, "\(words): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one diagnostic line: \(result.stderr)")
            XCTAssertEqual(result.stdout, "", "\(words)")
        }
        // `--token -` with nothing on stdin is a usage error, not an unknown token.
        let empty = try space.run(["token", "consume", "--token", "-", "--login", "sanka1", "--email", "e@example.jp"], stdin: "")
        XCTAssertEqual(empty.status, 64, empty.stderr)
    }

    func testSweepWithAShortGraceForgetsEndedLinksOnly() throws {
        let used = try space.issue(id: "used", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        let live = try space.issue(id: "live", kind: "password_reset", login: "dlee", to: "david.lee@example.com")
        XCTAssertEqual(try check("consume", used.value, login: "sanka1", email: "omori@example.co.jp").status, 0)
        let keep = try space.run(["token", "sweep"])
        XCTAssertEqual(keep.status, 0, keep.stderr)
        XCTAssertEqual(jsonObject(keep)["swept"] as? Int, 0, "the default grace keeps a link used just now")
        // Records hold whole seconds: wait until the use is strictly older than a grace of 0.
        Thread.sleep(forTimeInterval: 1.2)
        let sweep = try space.run(["token", "sweep", "--older-than", "0"])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        XCTAssertEqual(jsonObject(sweep)["swept"] as? Int, 1)
        XCTAssertEqual(
            jsonObject(try check("peek", used.value, login: "sanka1", email: "omori@example.co.jp"))["reason"] as? String, "unknown")
        XCTAssertEqual(
            try check("peek", live.value, login: "dlee", email: "david.lee@example.com").status, 0,
            "an active link is never swept")
    }

    func testAStorageProblemIsATemporaryFailureThatNamesNoSecret() throws {
        let blocker = space.root.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: blocker)
        try space.writeFileConfig(extra: ["state": blocker.appendingPathComponent("state").path])
        let token = "tok-" + UUID().uuidString
        for words in [
            ["token", "consume", "--token", token, "--login", "sanka1", "--email", "omori@example.co.jp"],
            ["otp", "verify", "--login", "sanka1", "--code", "123456"],
        ] {
            let result = try space.run(words)
            XCTAssertEqual(result.status, 75, "\(words): \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertFalse(result.stderr.contains(token) || result.stderr.contains("123456"), result.stderr)
        }
    }
}
