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

    func testATimestampIsARealDateIn1970To9999InAnyRFC3339Form() throws {
        func removedAt(_ text: String) -> [String: JSONValue] { base("deletion_notice", data: ["removed_at": .string(text)]) }
        XCTAssertEqual(
            problem(removedAt("2026-02-30T00:00:00Z")), "field \"data.removed_at\": 2026-02-30 is not a date (that month has 28 days)")
        XCTAssertEqual(
            problem(removedAt("2025-02-29T00:00:00Z")), "field \"data.removed_at\": 2025-02-29 is not a date (that month has 28 days)")
        XCTAssertEqual(problem(removedAt("0001-01-01T00:00:00Z")), "field \"data.removed_at\": year 0001 is outside 1970–9999")
        XCTAssertEqual(
            problem(base("login_notice", data: ["logged_in_at": "1969-07-20T20:17:40Z", "ip": "203.0.113.7"])),
            "field \"data.logged_in_at\": year 1969 is outside 1970–9999")
        let expected = Date(timeIntervalSince1970: 1_795_262_700)
        for text in ["2026-11-21t12:05:00z", "2026-11-21T21:05:00+09:00", "2026-11-21T12:05:00.000Z", "2026-11-21T12:05:00.0000001z"] {
            let job = try JobParser.parse(object: removedAt(text))
            XCTAssertEqual(job.data.date("removed_at")?.timeIntervalSince1970 ?? 0, expected.timeIntervalSince1970, accuracy: 0.001, text)
        }
        XCTAssertNil(problem(removedAt("2024-02-29T00:00:00Z")))
    }
}
