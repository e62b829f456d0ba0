// TemplateLibraryTests.swift — loading a templates directory, rendering parts, assembling ja / en / ja+en.
import Foundation
import XCTest
@testable import HikyakuMail

final class TemplateLibraryTests: XCTestCase {
    private let values: [String: TemplateValue] = [
        "to_name": "Aiko <A&B>", "to": "aiko@example.jp", "login_id": "aiko", "support": "help@example.jp",
    ]

    func testRendersEachPartWithItsLanguagesPartials() throws {
        let tree = try TemplateTree(TemplateTree.complete(), testCase: self)
        let library = try TemplateLibrary(directory: tree.url)
        let ja = try library.render(kind: "login_notice", language: "ja", context: values)
        XCTAssertEqual(ja.subject, "[ja] login_notice for aiko")
        XCTAssertEqual(ja.text, "ja text for Aiko <A&B>\n-- \n問い合わせ: help@example.jp\n")
        XCTAssertEqual(
            ja.html, "<p>ja html for Aiko &lt;A&amp;B&gt;</p>\n<footer>問い合わせ: help@example.jp</footer>\n")
        let en = try library.render(kind: "login_notice", language: "en", context: values)
        XCTAssertEqual(en.text, "en text for Aiko <A&B>\n-- \nContact: help@example.jp\n")
        XCTAssertNotNil(library.template(kind: "otp_code", language: "en", part: .html))
    }

    func testSyntaxErrorAnywhereFailsTheLoadWithItsPosition() throws {
        var files = TemplateTree.complete()
        files["otp_code/en.html"] = "<p>\n  {{#initial}}\n</p>\n"
        files["partials/footer.en.txt"] = "ok"
        let tree = try TemplateTree(files, testCase: self)
        XCTAssertEqual(
            expectTemplateError { () throws(TemplateError) in try TemplateLibrary(directory: tree.url) },
            .unclosedSection(file: "otp_code/en.html", line: 2, column: 3, name: "initial"))
        try tree.write("otp_code/en.html", "ok")
        try tree.write("partials/footer.en.txt", "x {{/a}}")
        XCTAssertEqual(
            expectTemplateError { () throws(TemplateError) in try TemplateLibrary(directory: tree.url) },
            .unexpectedClose(file: "partials/footer.en.txt", line: 1, column: 3, name: "a"))
    }

    func testSubjectMayNotIncludeAPartial() throws {
        var files = TemplateTree.complete()
        files["email_change/ja.subject"] = "Change {{> footer}}\n"
        let tree = try TemplateTree(files, testCase: self)
        XCTAssertEqual(
            expectTemplateError { () throws(TemplateError) in try TemplateLibrary(directory: tree.url) },
            .partialInSubject(file: "email_change/ja.subject", line: 1, column: 8, name: "footer"))
    }

    func testMissingFilesFailOnlyWhenRendered() throws {
        let tree = try TemplateTree(TemplateTree.complete(), testCase: self)
        try tree.remove("otp_code/en.txt")
        let library = try TemplateLibrary(directory: tree.url)
        XCTAssertNoThrow(try library.render(kind: "otp_code", language: "ja", context: values))
        XCTAssertEqual(
            expectTemplateError { () throws(TemplateError) in
                try library.render(kind: "otp_code", language: "en", context: values)
            },
            .missingTemplate(file: "otp_code/en.txt"))
    }

    func testUnknownKindAndLanguage() throws {
        let library = try TemplateLibrary(directory: try TemplateTree(TemplateTree.complete(), testCase: self).url)
        XCTAssertEqual(
            expectTemplateError { () throws(TemplateError) in try library.render(kind: "nope", language: "ja", context: values) },
            .unknownKind("nope", known: MailCatalogue.standard.names))
        XCTAssertEqual(
            expectTemplateError { () throws(TemplateError) in try library.render(kind: "otp_code", language: "fr", context: values) },
            .unknownLanguage("fr"))
    }

    func testSubjectLosesItsNewlineButMayNotSpanLines() throws {
        let tree = try TemplateTree(TemplateTree.complete(), testCase: self)
        let library = try TemplateLibrary(directory: tree.url)
        var injected = values
        injected["login_id"] = "aiko\r\nBcc: evil@example.com"
        XCTAssertEqual(
            expectTemplateError { () throws(TemplateError) in
                try library.render(kind: "otp_code", language: "ja", context: injected)
            },
            .multilineSubject(file: "otp_code/ja.subject", lines: 2))
    }

    func testDeclaredButAbsentFlagSkipsItsSection() throws {
        var files = TemplateTree.complete()
        files["password_reset/ja.txt"] = "{{#initial}}\nはじめまして\n{{/initial}}\n{{^initial}}\n再設定\n{{/initial}}\n"
        let library = try TemplateLibrary(directory: try TemplateTree(files, testCase: self).url)
        XCTAssertEqual(try library.render(kind: "password_reset", language: "ja", context: values).text, "再設定\n")
        var first = values
        first["initial"] = true
        XCTAssertEqual(try library.render(kind: "password_reset", language: "ja", context: first).text, "はじめまして\n")
    }

    func testRenderMailSingleLanguageIsACompleteDocument() throws {
        var files = TemplateTree.complete()
        files["otp_code/en.txt"] = "Code {{code}}\r\n\r\n\r\n"
        files["otp_code/en.html"] = "<p>Code {{code}}</p>\n\n"
        let library = try TemplateLibrary(directory: try TemplateTree(files, testCase: self).url)
        var asked: [String] = []
        let mail = try library.renderMail(kind: "otp_code", locale: "en") { language in
            asked.append(language)
            return ["code": "123456", "login_id": "a&b"]
        }
        XCTAssertEqual(asked, ["en"])
        XCTAssertEqual(mail.languages, ["en"])
        XCTAssertEqual(mail.subject, "[en] otp_code for a&b")
        XCTAssertEqual(mail.text, "Code 123456\n")
        XCTAssertEqual(
            mail.html,
            """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>[en] otp_code for a&amp;b</title></head>
            <body style="\(TemplateLibrary.bodyStyle)">
            <p>Code 123456</p>
            </body>
            </html>

            """)
    }

    func testRenderMailJapaneseAndEnglishInOneMail() throws {
        let library = try TemplateLibrary(directory: try TemplateTree(TemplateTree.complete(), testCase: self).url)
        let mail = try library.renderMail(kind: "deletion_notice", locale: "ja+en") { language in
            var perLanguage = self.values
            perLanguage["to_name"] = language == "ja" ? "愛子" : "Aiko"
            return perLanguage
        }
        XCTAssertEqual(mail.languages, ["ja", "en"])
        XCTAssertEqual(mail.subject, "[ja] deletion_notice for aiko / [en] deletion_notice for aiko")
        // Built line by line: the signature separator "-- " ends in a space an editor might strip.
        XCTAssertEqual(
            mail.text,
            [
                "ja text for 愛子", "-- ", "問い合わせ: help@example.jp", "",
                String(repeating: "=", count: 40), "",
                "en text for Aiko", "-- ", "Contact: help@example.jp", "",
            ].joined(separator: "\n"))
        XCTAssertEqual(
            mail.html,
            """
            <!DOCTYPE html>
            <html lang="ja">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>[ja] deletion_notice for aiko / [en] deletion_notice for aiko</title></head>
            <body style="\(TemplateLibrary.bodyStyle)">
            <div lang="ja">
            <p>ja html for 愛子</p>
            <footer>問い合わせ: help@example.jp</footer>
            </div>
            \(TemplateLibrary.languageRule)
            <div lang="en">
            <p>en html for Aiko</p>
            <footer>Contact: help@example.jp</footer>
            </div>
            </body>
            </html>

            """)
    }

    func testUnknownLocale() throws {
        let library = try TemplateLibrary(directory: try TemplateTree(TemplateTree.complete(), testCase: self).url)
        XCTAssertEqual(
            expectTemplateError { () throws(TemplateError) in
                try library.renderMail(kind: "otp_code", locale: "en+ja") { _ in [:] }
            },
            .unknownLocale("en+ja"))
    }
}
