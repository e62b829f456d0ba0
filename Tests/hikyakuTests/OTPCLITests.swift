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
        XCTAssertEqual(jsonObject(result)["reason"] as? String, "none")
        let status = jsonObject(try space.run(["otp", "status", "--login", "nobody"]))
        XCTAssertEqual(status["locked"] as? Bool, false)
        XCTAssertEqual(status["has_active_code"] as? Bool, false)
    }
}
