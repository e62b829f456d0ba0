// JobValueRulesTests.swift — what a job's login, timestamps and addresses may be (issue 13, items 1, 5, 6).
import Foundation
import XCTest
import HikyakuBase
@testable import HikyakuMail

final class JobValueRulesTests: XCTestCase {
    private func base(_ kind: String = "password_reset", data: JSONValue = [:]) -> [String: JSONValue] {
        [
            "version": 1, "kind": .string(kind), "locale": "ja", "to": "omori@example.co.jp",
            "login_id": "sanka1", "data": data,
        ]
    }

    private func problem(_ object: [String: JSONValue]) -> String? {
        do {
            _ = try JobParser.parse(object: object)
            return nil
        } catch {
            return error.description
        }
    }

    func testALoginIDMustBeVisibleTextOnOneLine() {
        for login in [" ", "\u{3000}", "\u{2028}", "a\u{2029}b", "admin\u{202E}", "\u{200F}x", "a\u{1B}[0m", "a\nb", "\u{FEFF}"] {
            var object = base()
            object["login_id"] = .string(login)
            let reason = problem(object)
            XCTAssertTrue(
                reason?.hasPrefix("field \"login_id\": must be visible text") == true, "\(login.debugDescription): \(reason ?? "accepted")")
        }
        for login in ["sanka1", "大森 聡太", "a b", "ユーザー👨\u{200D}👩"] {
            var object = base()
            object["login_id"] = .string(login)
            XCTAssertNil(problem(object), login)
        }
    }
}
