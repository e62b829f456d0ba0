// ComposedMailJudgeTests.swift — Python's email package reads every kind × locale, in UTF-8 and ISO-2022-JP.
import Foundation
import XCTest
@testable import HikyakuMail

/// The independent judge over what `MailComposer` really produces for every fixture job: no
/// defects, the decoded subject and text, each kind's required wording, the part types and
/// charsets, CRLF, line and encoded-word lengths, and the headers every mail must (and must not) have.
final class ComposedMailJudgeTests: XCTestCase {
    func testEveryKindAndLocaleInUTF8() throws {
        try judgeAll(charsets: [:], textCharset: "utf-8")
    }

    func testEveryKindAndLocaleInISO2022JP() throws {
        try judgeAll(charsets: ["ja": "ISO-2022-JP", "en": "ISO-2022-JP"], textCharset: "iso-2022-jp")
    }

    /// `ja` set to ISO-2022-JP: `ja` and `ja+en` mails use it (by their first language), `en` stays UTF-8.
    func testCharsetFollowsTheFirstLanguage() throws {
        let composer = try MailFixtures.composer(charsets: ["ja": "ISO-2022-JP"])
        let names = ["otp_code-ja", "otp_code-en", "otp_code-ja_en"]
        let verdicts = try EmailJudge.judge(names.map { try MailFixtures.compose($0, composer: composer).bytes }, testCase: self)
        XCTAssertEqual(
            verdicts.map { EmailJudge.part($0, "text/plain")?["charset"] as? String },
            ["iso-2022-jp", "utf-8", "iso-2022-jp"])
    }

    func testMessageIDIsStablePerJobAndStampAndDiffersOtherwise() throws {
        let composer = try MailFixtures.composer()
        let first = try MailFixtures.compose("password_reset-ja", composer: composer)
        let again = try MailFixtures.compose("password_reset-ja", composer: composer)
        XCTAssertEqual(first.bytes, again.bytes, "a retry sends the same bytes")
        XCTAssertEqual(first.messageID, again.messageID)
        let job = try MailFixtures.job("password_reset-ja")
        let other = try MailFixtures.compose("password_reset-other", job: job, composer: composer)
        XCTAssertNotEqual(other.messageID, first.messageID, "another job, another Message-ID")
        let replayed = try MailFixtures.compose("password_reset-ja", composer: composer, stamp: "2026-11-21T11:05:00Z#1")
        XCTAssertNotEqual(replayed.messageID, first.messageID, "a replayed job is a new message")
        let verdict = try XCTUnwrap(try EmailJudge.judge([first.bytes], testCase: self).first)
        XCTAssertEqual((verdict["header_values"] as? [String: String])?["Message-ID"], "<\(first.messageID)>")
    }

    private func judgeAll(charsets: [String: String], textCharset: String) throws {
        let composer = try MailFixtures.composer(charsets: charsets)
        var mails: [(name: String, job: Job, mail: ComposedMail, secret: String?)] = []
        for name in MailFixtures.names {
            let job = try MailFixtures.job(name)
            let mail = try MailFixtures.compose(name, composer: composer)
            XCTAssertNil(mail.charsetFallback, name)
            mails.append((name, job, mail, MailFixtures.secretText(MailFixtures.secret(for: job, name: name, composer: composer))))
        }
        let verdicts = try EmailJudge.judge(mails.map(\.mail.bytes), testCase: self)
        for (entry, verdict) in zip(mails, verdicts) {
            check(verdict, entry.mail, job: entry.job, name: entry.name, secret: entry.secret, textCharset: textCharset)
        }
    }

    private func check(_ v: [String: Any], _ mail: ComposedMail, job: Job, name: String, secret: String?, textCharset: String) {
        XCTAssertEqual(v["defects"] as? [String], [], name)
        XCTAssertEqual(v["subject"] as? String, mail.rendered.subject, name)
        let text = EmailJudge.text(v, "text/plain"), html = EmailJudge.text(v, "text/html")
        XCTAssertEqual(text, mail.rendered.text, name)
        XCTAssertEqual(html, mail.rendered.html, name)
        let parts = (v["parts"] as? [[String: Any]]) ?? []
        XCTAssertEqual(v["content_type"] as? String, "multipart/alternative", name)
        XCTAssertEqual(parts.map { $0["content_type"] as? String }, ["text/plain", "text/html"], name)
        XCTAssertEqual(parts.map { $0["charset"] as? String }, [textCharset, "utf-8"], name)
        XCTAssertEqual(parts.map { $0["strict_decode"] as? Bool }, [true, true], name)

        // Lines: CRLF only; headers folded at 78; encoded bodies at 76; nothing near 998.
        XCTAssertEqual(v["all_crlf"] as? Bool, true, name)
        XCTAssertLessThanOrEqual(v["header_max_line_length"] as? Int ?? 999, 78, name)
        XCTAssertEqual(v["lines_over_998"] as? Int, 0, name)
        if textCharset == "utf-8" { XCTAssertLessThanOrEqual(v["max_line_length"] as? Int ?? 999, 76, name) }
        for word in (v["encoded_words"] as? [[String: Any]]) ?? [] {
            XCTAssertLessThanOrEqual(word["length"] as? Int ?? 99, 75, "\(name): \(word)")
            XCTAssertEqual(word["self_contained"] as? Bool, true, "\(name): \(word)")
            XCTAssertEqual((word["charset"] as? String)?.lowercased(), textCharset, "\(name): \(word)")
        }

        // Headers: the required ones with their values, never Bcc, one recipient.
        let headers = (v["headers"] as? [String]) ?? []
        let values = (v["header_values"] as? [String: String]) ?? [:]
        XCTAssertFalse(headers.contains { $0.lowercased() == "bcc" }, name)
        XCTAssertEqual(
            headers,
            [
                "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
                "Content-Language", "Auto-Submitted", "X-Hikyaku-Job", "X-Hikyaku-Kind",
            ], name)
        XCTAssertEqual(values["Content-Language"], job.locale.languages.joined(separator: ", "), name)
        XCTAssertEqual(values["Auto-Submitted"], "auto-generated", name)
        XCTAssertEqual(values["Date"], "Sat, 21 Nov 2026 20:05:00 +0900", name)
        XCTAssertEqual(values["Message-ID"], "<\(mail.messageID)>", name)
        let to = v["to"] as? [String: Any]
        XCTAssertEqual(to?["count"] as? Int, 1, name)
        XCTAssertEqual(to?["addr_spec"] as? String, job.to, name)
        XCTAssertEqual(to?["display_name"] as? String, job.toName, name)

        // Subject and wording, per language; ja+en puts Japanese first in subject, text and HTML.
        let subjects = (v["subject"] as? String ?? "").components(separatedBy: " / ")
        XCTAssertEqual(subjects.count, job.locale.languages.count, name)
        if job.locale == .jaEn {
            let ja = text.range(of: "様")?.lowerBound, en = text.range(of: "Dear ")?.lowerBound
            XCTAssertTrue(ja != nil && en != nil && ja! < en!, "\(name): Japanese block first")
            XCTAssertTrue(html.contains("<div lang=\"ja\">") && html.contains("<div lang=\"en\">"), name)
        }
        for language in job.locale.languages {
            for phrase in MailWording.phrases(for: job, language: language, secret: secret) {
                XCTAssertTrue(text.contains(phrase), "\(name) [\(language)] text lacks \"\(phrase)\"")
            }
            if let secret { XCTAssertTrue(html.contains("\(secret)"), "\(name): HTML lacks the link or code") }
        }
        XCTAssertTrue(html.contains(TemplateEscaping.html.escape(job.toName ?? "")), name)
    }
}
