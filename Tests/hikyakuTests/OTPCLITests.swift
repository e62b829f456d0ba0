// OTPCLITests.swift — `hikyaku otp` with the built binary, on codes the worker really mailed.
import Foundation
import XCTest

final class OTPCLITests: XCTestCase {
    var space: Workspace!
    let login = "itonaoki"

    override func setUpWithError() throws {
        space = try Workspace()
        try space.writeFileConfig()
    }

    override func tearDown() {
        space.remove()
    }

    private func verify(_ code: String, stdin: Bool = false) throws -> CLIResult {
        try space.run(["otp", "verify", "--login", login, "--code", stdin ? "-" : code], stdin: stdin ? code + "\n" : nil)
    }

    private func status(hiding codes: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let result = try space.run(["otp", "status", "--login", login])
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        for code in codes {
            XCTAssertFalse(result.stdout.contains(code), "status shows the code: \(result.stdout)", file: file, line: line)
        }
        return jsonObject(result, file: file, line: line)
    }

    /// A 6-digit code that is not `code`.
    private func wrong(_ code: String) -> String {
        let other = (Int(code)! + 1) % 1_000_000
        let digits = String(other)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    func testFiveWrongCodesLockUntilUnlockThenANewCodeWorks() throws {
        let code = try space.issue(id: "otp1", kind: "otp_code", login: login, to: "naoki.ito@example.co.jp").value
        XCTAssertEqual(try status(hiding: [code])["has_active_code"] as? Bool, true)
        for attempt in 1...5 {
            let result = try verify(wrong(code))
            XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
            let answer = jsonObject(result)
            XCTAssertEqual(answer["reason"] as? String, "invalid")
            XCTAssertEqual(answer["attempts_left"] as? Int, 5 - attempt)
        }
        let locked = try status(hiding: [code])
        XCTAssertEqual(locked["locked"] as? Bool, true)
        XCTAssertEqual(locked["attempts_left"] as? Int, 0)

        // Locked: even the right code is refused, and a lock never lifts by itself.
        let right = try verify(code, stdin: true)
        XCTAssertEqual(right.status, 1)
        XCTAssertEqual(jsonObject(right)["reason"] as? String, "locked")
        XCTAssertEqual(try status(hiding: [code])["locked"] as? Bool, true)

        let unlock = try space.run(["otp", "unlock", "--login", login])
        XCTAssertEqual(unlock.status, 0, unlock.stderr)
        let unlocked = try status(hiding: [code])
        XCTAssertEqual(unlocked["locked"] as? Bool, false)
        XCTAssertEqual(unlocked["attempts_left"] as? Int, 5)

        // The user asks again: a new otp_code job through the worker, and its code works once.
        let fresh = try space.issue(id: "otp2", kind: "otp_code", login: login, to: "naoki.ito@example.co.jp").value
        if fresh != code {
            let old = try verify(code)
            XCTAssertEqual(old.status, 1, "the replaced code no longer works")
        }
        let good = try verify(fresh, stdin: true)
        XCTAssertEqual(good.status, 0, good.stdout + good.stderr)
        XCTAssertEqual(jsonObject(good)["valid"] as? Bool, true)
        let again = try verify(fresh)
        XCTAssertEqual(again.status, 1, "a code works once")
        XCTAssertEqual(try status(hiding: [code, fresh])["has_active_code"] as? Bool, false)
    }

    func testAnExpiredCodeIsRefused() throws {
        try space.writeFileConfig(extra: ["lifetimes": ["otp_code": 2]])
        let code = try space.issue(id: "short", kind: "otp_code", login: login, to: "naoki.ito@example.co.jp").value
        // Issue times are whole seconds, so a 2 s lifetime lasts more than 1 s (the first attempt
        // is safely inside it) and has surely ended 3.1 s later.
        Thread.sleep(forTimeInterval: 3.1)
        let late = try verify(code)
        XCTAssertEqual(late.status, 1)
        XCTAssertEqual(jsonObject(late)["reason"] as? String, "expired")
    }

    func testAnUnknownLoginHasNoCodeAndIsNotLocked() throws {
        let result = try space.run(["otp", "verify", "--login", "nobody", "--code", "123456"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(jsonObject(result)["reason"] as? String, "no_active_code")
        let status = jsonObject(try space.run(["otp", "status", "--login", "nobody"]))
        XCTAssertEqual(status["locked"] as? Bool, false)
        XCTAssertEqual(status["has_active_code"] as? Bool, false)
    }

    func testMalformedCodesAndCodesWithNoActiveCodeCountNothing() throws {
        // A login never sent a code: no number of calls locks it.
        for _ in 1...6 {
            let none = try verify("123456")
            XCTAssertEqual(none.status, 1)
            XCTAssertEqual(jsonObject(none)["reason"] as? String, "no_active_code")
            XCTAssertEqual(jsonObject(none)["attempts_left"] as? Int, 5)
        }
        let code = try space.issue(id: "otp1", kind: "otp_code", login: login, to: "naoki.ito@example.co.jp").value
        for malformed in ["12345", "1234567", "abcdef", "12 345"] {
            let result = try verify(malformed)
            XCTAssertEqual(result.status, 1)
            XCTAssertEqual(jsonObject(result)["reason"] as? String, "invalid_format", malformed)
            XCTAssertEqual(jsonObject(result)["attempts_left"] as? Int, 5, malformed)
        }
        let state = try status(hiding: [code])
        XCTAssertEqual(state["failed_attempts"] as? Int, 0)
        XCTAssertEqual(state["locked"] as? Bool, false)
        XCTAssertEqual(try verify(code, stdin: true).status, 0, "the code still works")
    }

    func testALockBurnsTheCodeAndALockedLoginIsMailedNoCode() throws {
        let code = try space.issue(id: "otp1", kind: "otp_code", login: login, to: "naoki.ito@example.co.jp").value
        for _ in 1...5 { _ = try verify(wrong(code)) }
        XCTAssertEqual(try status(hiding: [code])["locked"] as? Bool, true)

        // A code job while locked: not mailed, failed with reason `locked`.
        try space.enqueue(id: "during", kind: "otp_code", login: login, to: "naoki.ito@example.co.jp")
        try space.runWorker()
        XCTAssertNil(try space.outboxMail(job: "during"), "a locked login is mailed no code")
        XCTAssertEqual(space.files("failed"), ["during.json", "during.reason"])
        let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/during.reason"), encoding: .utf8)
        XCTAssertEqual(reason, "locked\n")
        let show = try space.run(["show", "during"])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("locked"), show.stdout)
        let list = try space.run(["list", "failed"])
        XCTAssertTrue(list.stdout.contains("locked"), list.stdout)

        // After unlock the code that tripped the lock stays dead (and costs nothing); a new job mails a new one.
        XCTAssertEqual(try space.run(["otp", "unlock", "--login", login]).status, 0)
        let old = try verify(code, stdin: true)
        XCTAssertEqual(old.status, 1, "the lock burnt the code")
        XCTAssertEqual(jsonObject(old)["reason"] as? String, "no_active_code")
        let fresh = try space.issue(id: "otp2", kind: "otp_code", login: login, to: "naoki.ito@example.co.jp").value
        XCTAssertEqual(try verify(fresh, stdin: true).status, 0)
    }
}
