// HostileValuesTests.swift — job values that try to break the mail: markup, CR/LF, long subjects, odd characters, tags.
import Foundation
import XCTest
import HikyakuBase
@testable import HikyakuMail

/// Each hostile value goes through `JobParser` and `MailComposer` (the worker's path) and the
/// independent judge reads the result.
final class HostileValuesTests: XCTestCase {
    /// Fixture `name` with `changes` applied to its JSON, parsed as the worker would.
    private func job(_ name: String, _ changes: [String: JSONValue]) throws -> Job {
        var object = try MailFixtures.object(name)
        for (key, value) in changes { object[key] = value }
        return try JobParser.parse(object: object)
    }

    private func judged(_ mail: ComposedMail) throws -> [String: Any] {
        try XCTUnwrap(try EmailJudge.judge([mail.bytes], testCase: self).first)
    }

    func testMarkupAndQuotesInTheNameAreEscapedInHTMLAndLiteralInText() throws {
        let name = #"<script>alert("x")</script> "Boss" & 'Co'"#
        let job = try job("password_reset-ja_en", ["to_name": .string(name)])
        let mail = try MailFixtures.compose("hostile-markup", job: job, composer: try MailFixtures.composer())
        let verdict = try judged(mail)
        XCTAssertEqual(verdict["defects"] as? [String], [])
        let html = EmailJudge.text(verdict, "text/html")
        XCTAssertFalse(html.contains("<script"), "raw markup reached the HTML part")
        XCTAssertFalse(html.contains(#""Boss""#))
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;Boss&quot; &amp; &#39;Co&#39;"
        XCTAssertTrue(html.contains("<p style=\"overflow-wrap:anywhere;margin:0 0 16px;\">\(escaped) 様</p>"), html)
        XCTAssertTrue(html.contains("Dear \(escaped),"), html)
        XCTAssertTrue(EmailJudge.text(verdict, "text/plain").contains("\(name) 様\n"))
        XCTAssertEqual((verdict["to"] as? [String: Any])?["display_name"] as? String, name)
    }

    func testLineBreaksInTheNameCannotStartAHeaderLine() throws {
        let name = "Evil\r\nBcc: victim@example.jp\r\n\r\nX-Injected: yes\u{2028}end"
        let job = try job("otp_code-ja", ["to_name": .string(name)])
        for charsets in [[:], ["ja": "ISO-2022-JP"]] {
            let mail = try MailFixtures.compose("hostile-crlf", job: job, composer: try MailFixtures.composer(charsets: charsets))
            XCTAssertNil(mail.charsetFallback)
            let verdict = try judged(mail)
            XCTAssertEqual(verdict["defects"] as? [String], [], "\(charsets)")
            XCTAssertEqual(
                verdict["headers"] as? [String],
                [
                    "Date", "From", "To", "Subject", "Message-ID", "MIME-Version",
                    "Content-Type", "Content-Language", "Auto-Submitted",
                    "X-Hikyaku-Job", "X-Hikyaku-Kind",
                ], "\(charsets)")
            let head = String(decoding: mail.bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
            for line in head.components(separatedBy: "\r\n") {
                XCTAssertFalse(line.hasPrefix("Bcc") || line.hasPrefix("X-Injected"), line)
            }
            let flat = "Evil Bcc: victim@example.jp X-Injected: yes end"
            let to = verdict["to"] as? [String: Any]
            XCTAssertEqual(to?["count"] as? Int, 1)
            XCTAssertEqual(to?["display_name"] as? String, flat)
            // The body names the recipient the way the header does: on one line.
            XCTAssertTrue(EmailJudge.text(verdict, "text/plain").hasPrefix("\(flat) 様\n"), "\(charsets)")
        }
    }

    func testAHundredCharacterJapaneseSubjectFoldsIntoWholeEncodedWords() throws {
        let templates = FileManager.default.temporaryDirectory.appendingPathComponent("hk-long-subject-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: MailFixtures.repository.appendingPathComponent("templates"), to: templates)
        addTeardownBlock { try? FileManager.default.removeItem(at: templates) }
        let subject = String(String(repeating: "【重要】ワンタイムパスワード発行のお知らせ（ログインID確認用）", count: 4).prefix(100))
        XCTAssertEqual(subject.count, 100)
        try Data((subject + "\n").utf8).write(to: templates.appendingPathComponent("otp_code/ja.subject"))
        for (charsets, charset) in [([String: String](), "utf-8"), (["ja": "ISO-2022-JP"], "iso-2022-jp")] {
            let composer = try MailFixtures.composer(charsets: charsets, templates: templates)
            for name in ["otp_code-ja", "otp_code-ja_en"] {
                let mail = try MailFixtures.compose(name, composer: composer)
                let verdict = try judged(mail)
                XCTAssertEqual(verdict["defects"] as? [String], [], name)
                XCTAssertEqual(verdict["subject"] as? String, mail.rendered.subject, name)
                XCTAssertTrue(mail.rendered.subject.hasPrefix(subject))
                XCTAssertLessThanOrEqual(verdict["header_max_line_length"] as? Int ?? 999, 78, name)
                let words = (verdict["encoded_words"] as? [[String: Any]]) ?? []
                XCTAssertGreaterThan(words.count, 4, "\(name): the subject spans several words")
                for word in words {
                    XCTAssertLessThanOrEqual(word["length"] as? Int ?? 99, 75, "\(word)")
                    XCTAssertLessThanOrEqual(word["line_length"] as? Int ?? 99, 76, "\(word)")
                    XCTAssertEqual(word["self_contained"] as? Bool, true, "\(word)")
                    XCTAssertEqual((word["charset"] as? String)?.lowercased(), charset, "\(word)")
                }
            }
        }
    }

    func testEmojiAndCharactersOutsideJISSurviveInUTF8() throws {
        let name = "岡﨑 ①郎 👨‍👩‍👧😀"
        let login = "髙橋①"
        let job = try job("password_reset-ja_en", ["to_name": .string(name), "login_id": .string(login)])
        let utf8 = try MailFixtures.compose("hostile-chars", job: job, composer: try MailFixtures.composer())
        // Configured for ISO-2022-JP, the same mail falls back to UTF-8 and says which values did it.
        let iso = try MailFixtures.compose("hostile-chars", job: job, composer: try MailFixtures.composer(charsets: ["ja": "ISO-2022-JP"]))
        let fallback = try XCTUnwrap(iso.charsetFallback)
        XCTAssertTrue(fallback.contains("to_name: \"﨑\" (U+FA11), \"①\" (U+2460)"), fallback)
        XCTAssertTrue(fallback.contains("login_id: \"髙\" (U+9AD9)"), fallback)
        for mail in [utf8, iso] {
            let verdict = try judged(mail)
            XCTAssertEqual(verdict["defects"] as? [String], [])
            XCTAssertEqual(EmailJudge.part(verdict, "text/plain")?["charset"] as? String, "utf-8")
            XCTAssertEqual((verdict["to"] as? [String: Any])?["display_name"] as? String, name)
            let text = EmailJudge.text(verdict, "text/plain"), html = EmailJudge.text(verdict, "text/html")
            XCTAssertTrue(text.contains("\(name) 様") && text.contains("Dear \(name),"), text)
            XCTAssertTrue(text.contains("ログインID：\(login)") && text.contains("Login ID: \(login)"))
            XCTAssertTrue(html.contains("\(name) 様") && html.contains(login))
            for word in (verdict["encoded_words"] as? [[String: Any]]) ?? [] {
                XCTAssertEqual(word["self_contained"] as? Bool, true, "\(word)")
            }
        }
    }

    func testAValueThatLooksLikeATagStaysLiteralText() throws {
        let job = try job("password_reset-ja", ["to_name": "{{link}}", "login_id": "{{#initial}}x{{/initial}}{{code}}"])
        let plain = try MailFixtures.compose("password_reset-ja", composer: try MailFixtures.composer())
        let mail = try MailFixtures.compose("password_reset-ja", job: job, composer: try MailFixtures.composer())
        let verdict = try judged(mail)
        let text = EmailJudge.text(verdict, "text/plain"), html = EmailJudge.text(verdict, "text/html")
        XCTAssertTrue(text.hasPrefix("{{link}} 様\n"), text)
        XCTAssertTrue(text.contains("ログインID：{{#initial}}x{{/initial}}{{code}}\n"), text)
        XCTAssertTrue(html.contains("{{link}} 様"))
        // The link appears exactly as often as in the ordinary mail: the value was not expanded.
        let link = try XCTUnwrap(
            MailFixtures.secretText(
                MailFixtures.secret(
                    for: job, name: "password_reset-ja",
                    composer: try MailFixtures.composer())))
        func count(_ haystack: String) -> Int { haystack.components(separatedBy: link).count - 1 }
        XCTAssertEqual(count(text), count(plain.rendered.text))
        XCTAssertEqual(count(text), 1)
    }
}
