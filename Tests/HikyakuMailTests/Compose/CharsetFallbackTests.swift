// CharsetFallbackTests.swift — ISO-2022-JP mail falls back to UTF-8 exactly when it must, and says so the same way everywhere.
import Foundation
import XCTest
import HikyakuBase
@testable import HikyakuMail

/// Issue 13, item 4: no false warning, no silent fallback, no altered name.
final class CharsetFallbackTests: XCTestCase {
    private let iso = ["ja": "ISO-2022-JP", "en": "ISO-2022-JP"]

    func testControlsAndLineSeparatorsInANameKeepISO2022JPWithoutWarning() throws {
        for name in ["山田\u{2028}太郎", "山田\u{0007}太郎", "山田\u{0085}太郎\u{2029}"] {
            let (job, mail) = try compose("password_reset-ja", name: name)
            XCTAssertNil(mail.charsetFallback, name.debugDescription)
            XCTAssertEqual(try composer().previewWarnings(job: job, mail: mail, now: MailFixtures.now), [])
            let verdict = try XCTUnwrap(EmailJudge.judge([mail.bytes], testCase: self).first)
            XCTAssertEqual(EmailJudge.part(verdict, "text/plain")?["charset"] as? String, "iso-2022-jp")
            XCTAssertEqual((verdict["legacy_values"] as? [String: String])?["To"], "山田 太郎 <omori@example.co.jp>")
        }
    }

    func testANameEqualToTheBoundaryDelimiterKeepsISO2022JP() throws {
        let job = try MailFixtures.job("password_reset-ja")
        let first = try composer().preview(job: job, now: MailFixtures.now)
        let boundary = try XCTUnwrap(
            String(decoding: first.bytes, as: UTF8.self).components(separatedBy: "boundary=\"").dropFirst().first?
                .prefix { $0 != "\"" })
        for name in ["--\(boundary)", "--\(boundary)--", String(boundary)] {
            let (job, mail) = try compose("password_reset-ja", name: name)
            XCTAssertNil(mail.charsetFallback, name)
            XCTAssertEqual(try composer().previewWarnings(job: job, mail: mail, now: MailFixtures.now), [])
            let verdict = try XCTUnwrap(EmailJudge.judge([mail.bytes], testCase: self).first)
            XCTAssertEqual(verdict["defects"] as? [String], [])
            XCTAssertEqual(EmailJudge.part(verdict, "text/plain")?["charset"] as? String, "iso-2022-jp")
            XCTAssertTrue(EmailJudge.text(verdict, "text/plain").hasPrefix("\(name) 様\n"), name)
            XCTAssertTrue(EmailJudge.text(verdict, "text/html").contains("\(name) 様"), name)
        }
    }

    func testCompatibilityIdeographsAreNeverChangedButSentInUTF8WithAWarning() throws {
        for (name, shown) in [("\u{FA10}田 太郎", "U+FA10"), ("\u{F9DC}田 花子", "U+F9DC"), ("山田 \u{2126}", "U+2126")] {
            let (job, mail) = try compose("password_reset-ja", name: name)
            let fallback = try XCTUnwrap(mail.charsetFallback, name)
            XCTAssertTrue(fallback.hasPrefix("to_name: ") && fallback.contains(shown), fallback)
            // Preview names exactly what the worker's charset_fallback event names.
            XCTAssertEqual(try composer().previewWarnings(job: job, mail: mail, now: MailFixtures.now), [fallback])
            let verdict = try XCTUnwrap(EmailJudge.judge([mail.bytes], testCase: self).first)
            XCTAssertEqual(EmailJudge.part(verdict, "text/plain")?["charset"] as? String, "utf-8")
            XCTAssertEqual((verdict["legacy_values"] as? [String: String])?["To"], "\(name) <omori@example.co.jp>")
            XCTAssertEqual(
                Array(EmailJudge.text(verdict, "text/plain").prefix(name.count).unicodeScalars), Array(name.unicodeScalars))
        }
        // A base with a combining mark is merely composed: still ISO-2022-JP.
        let (_, composed) = try compose("password_reset-ja", name: "か\u{3099}ん")
        XCTAssertNil(composed.charsetFallback)
        XCTAssertEqual(ISO2022JP.unrepresentable(in: "\u{FA10}"), ["\u{FA10}"])
        XCTAssertThrowsError(try BodyEncoder.encode(iso2022JPText: "a\u{F9DC}", field: "text"))
    }

    private func composer() throws -> MailComposer { try MailFixtures.composer(charsets: iso) }

    private func compose(_ fixture: String, name: String) throws -> (Job, ComposedMail) {
        var object = try MailFixtures.object(fixture)
        object["to_name"] = .string(name)
        let job = try JobParser.parse(object: object)
        let composer = try composer()
        // The preview path, so previewWarnings sees the same secret.
        return (job, try composer.preview(job: job, now: MailFixtures.now))
    }
}
