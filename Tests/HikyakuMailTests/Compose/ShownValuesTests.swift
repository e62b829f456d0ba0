// ShownValuesTests.swift — a job's values reach the mail as one line of visible text, cut at a known length.
import Foundation
import XCTest
import HikyakuBase
@testable import HikyakuMail

/// Issue 13, item 1: attacker text (a browser's user agent, a name) can add no paragraph, escape
/// sequence or reordered text to a genuine security mail.
final class ShownValuesTests: XCTestCase {
    private let phishing = "※このログインに心当たりがない場合は、至急 https://evil.example/verify でパスワードを確認してください。"

    private func loginNotice(userAgent: String, toName: String? = nil) throws -> Job {
        var object = try MailFixtures.object("login_notice-ja_en")
        var data = try XCTUnwrap(object["data"]?.objectValue)
        data["user_agent"] = .string(userAgent)
        object["data"] = .object(data)
        if let toName { object["to_name"] = .string(toName) }
        return try JobParser.parse(object: object)
    }

    private func judged(_ job: Job) throws -> [String: Any] {
        let mail = try MailFixtures.compose("shown-values", job: job, composer: try MailFixtures.composer())
        let verdict = try XCTUnwrap(try EmailJudge.judge([mail.bytes], testCase: self).first)
        XCTAssertEqual(verdict["defects"] as? [String], [])
        return verdict
    }

    func testALineBreakInTheUserAgentCannotStartAParagraphInEitherLanguage() throws {
        let verdict = try judged(try loginNotice(userAgent: "Mozilla/5.0\r\n\r\n" + phishing))
        let text = EmailJudge.text(verdict, "text/plain")
        XCTAssertTrue(text.contains("端末情報　　：Mozilla/5.0 \(phishing)\n"), text)
        XCTAssertTrue(text.contains("Device:        Mozilla/5.0 \(phishing)\n"), text)
        XCTAssertFalse(text.contains("\n" + phishing), text)
        let html = EmailJudge.text(verdict, "text/html")
        XCTAssertFalse(html.contains("Mozilla/5.0\n") || html.contains("Mozilla/5.0\r"), html)
        XCTAssertTrue(html.contains("Mozilla/5.0 ※このログイン"), html)
    }

    func testEscapesSeparatorsAndBidiControlsReachNeitherPart() throws {
        let userAgent = "A\u{1B}[2J\u{2028}B\u{2029}C \u{202E}exe.txt\u{202C} \u{2066}D\u{2069}\u{200F}\u{85}E\t\u{7F}F"
        let name = "\u{202E}Evil\u{2067} \u{1B}[31mName\u{200E}"
        let verdict = try judged(try loginNotice(userAgent: userAgent, toName: name))
        for type in ["text/plain", "text/html"] {
            let part = EmailJudge.text(verdict, type)
            for scalar: Unicode.Scalar in [
                "\u{1B}", "\u{2028}", "\u{2029}", "\u{202E}", "\u{202C}", "\u{2066}", "\u{2067}", "\u{2069}", "\u{200E}", "\u{200F}",
                "\u{85}", "\u{7F}",
            ] {
                XCTAssertFalse(part.unicodeScalars.contains(scalar), "\(type) holds U+\(String(scalar.value, radix: 16))")
            }
            XCTAssertTrue(part.contains("A [2J B C exe.txt D E F"), part)
            XCTAssertTrue(part.contains("Evil [31mName"), part)
        }
        XCTAssertEqual((verdict["to"] as? [String: Any])?["display_name"] as? String, "Evil [31mName")
    }

    func testALongUserAgentIsCutWithAnEllipsisAtTheShownLimit() throws {
        let userAgent = String(repeating: "Mozilla/5.0 (X11; Linux x86_64) ", count: 16)
        XCTAssertGreaterThan(userAgent.count, ShownText.limit)
        let verdict = try judged(try loginNotice(userAgent: userAgent))
        let text = EmailJudge.text(verdict, "text/plain")
        let shown = String(userAgent.prefix(ShownText.limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
        XCTAssertTrue(text.contains("Device:        \(shown)\n"), text)
        XCTAssertLessThanOrEqual(shown.count, ShownText.limit)
    }

    func testAUserAgentOfOnlyControlsShowsAsUnknown() throws {
        let text = EmailJudge.text(try judged(try loginNotice(userAgent: "\r\n\u{202E}")), "text/plain")
        XCTAssertTrue(text.contains("Device:        unknown\n"), text)
        XCTAssertTrue(text.contains("端末情報　　：不明\n"), text)
    }

    func testTheRuleOnItsOwn() {
        XCTAssertEqual(ShownText.line("Mozilla/5.0 (X11)"), "Mozilla/5.0 (X11)")
        XCTAssertEqual(ShownText.line("  a \r\n\t b  "), "a b")
        XCTAssertEqual(ShownText.line("\u{202E}txt.exe"), "txt.exe")
        XCTAssertEqual(ShownText.line("大森\u{3000}聡太"), "大森\u{3000}聡太")
        XCTAssertEqual(ShownText.line("👨\u{200D}👩\u{200D}👧"), "👨\u{200D}👩\u{200D}👧", "joiners stay")
        XCTAssertEqual(ShownText.line("\u{2028}\u{FEFF}"), "")
        XCTAssertEqual(ShownText.line(String(repeating: "あ", count: 300)), String(repeating: "あ", count: 199) + "…")
        XCTAssertEqual(ShownText.line(String(repeating: "a", count: 200)), String(repeating: "a", count: 200))
        XCTAssertEqual(ShownText.line(String(repeating: "a", count: 201)), String(repeating: "a", count: 199) + "…")
    }
}
