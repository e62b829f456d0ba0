// TemplateLinterTests.swift — the linter on temporary trees: each check fires at the right file:line:column.
import Foundation
import XCTest
@testable import HikyakuMail

final class TemplateLinterTests: XCTestCase {
    private func lint(_ files: [String: String]) throws -> [String] {
        let tree = try TemplateTree(files, testCase: self)
        return TemplateLinter().check(directory: tree.url).map(\.description)
    }

    func testCompleteTreeIsClean() throws {
        XCTAssertEqual(try lint(TemplateTree.complete()), [])
    }

    func testUnknownVariableInAKindTemplate() throws {
        var files = TemplateTree.complete()
        files["password_reset/ja.html"] = "<p>\n{{#initial}}\n  <b>{{expires_at}}</b>\n{{/initial}}\n"
        let known = MailKind.passwordReset.templateVariables.sorted().joined(separator: ", ")
        XCTAssertEqual(
            try lint(files),
            [
                #"password_reset/ja.html:3:6: unknown variable "expires_at" (known: \#(known))"#
            ])
    }

    func testVariableOfAnotherKindIsUnknown() throws {
        var files = TemplateTree.complete()
        files["login_notice/en.subject"] = "New login from {{ip}}, use {{link}}\n"
        let diagnostics = try lint(files)
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertTrue(diagnostics[0].hasPrefix(#"login_notice/en.subject:1:28: unknown variable "link""#), diagnostics[0])
    }

    func testPartialsMayUseOnlyCommonVariables() throws {
        var files = TemplateTree.complete()
        files["partials/footer.en.html"] = "<footer>\n {{support}} {{link}}</footer>\n"
        let common = MailKind.commonVariables.sorted().joined(separator: ", ")
        XCTAssertEqual(
            try lint(files),
            [
                #"partials/footer.en.html:2:14: unknown variable "link" (known: \#(common))"#
            ])
    }

    func testMissingLanguageListsEachPart() throws {
        var files = TemplateTree.complete()
        for part in ["subject", "txt", "html"] { files["otp_code/en.\(part)"] = nil }
        XCTAssertEqual(
            try lint(files),
            [
                "otp_code/en.html:1:1: missing template for kind otp_code language en",
                "otp_code/en.subject:1:1: missing template for kind otp_code language en",
                "otp_code/en.txt:1:1: missing template for kind otp_code language en",
            ])
    }

    func testMissingPartialPointsAtTheIncludingTag() throws {
        var files = TemplateTree.complete()
        files["partials/footer.ja.html"] = nil
        files["email_change/ja.txt"] = "text\n  {{> signature}}\n"
        let diagnostics = try lint(files)
        XCTAssertTrue(
            diagnostics.contains(
                #"email_change/ja.txt:2:3: partial "signature" not found (expected partials/signature.ja.txt)"#), "\(diagnostics)")
        XCTAssertTrue(
            diagnostics.contains(
                #"deletion_notice/ja.html:2:1: partial "footer" not found (expected partials/footer.ja.html)"#), "\(diagnostics)")
        // Every ja.html includes the footer: one diagnostic per kind, plus the signature.
        XCTAssertEqual(diagnostics.count, MailCatalogue.standard.kinds.count + 1)
    }

    func testSyntaxErrorIsReportedAndTheRestStillChecked() throws {
        var files = TemplateTree.complete()
        files["otp_code/ja.txt"] = "コード: {{code}\n"
        files["otp_code/en.txt"] = "{{#a}}x{{/b}}"
        XCTAssertEqual(
            try lint(files),
            [
                #"otp_code/en.txt:1:8: {{/b}} does not close the open section "a" (close {{/a}} first)"#,
                #"otp_code/ja.txt:1:6: unclosed tag (add the closing "}}")"#,
            ])
    }

    func testSubjectsAreOneLineWithoutPartials() throws {
        var files = TemplateTree.complete()
        files["otp_code/ja.subject"] = "コード {{code}}\n二行目\n"
        files["otp_code/en.subject"] = "Code {{> footer}}\n"
        files["login_notice/ja.subject"] = "  \n"
        XCTAssertEqual(
            try lint(files),
            [
                "login_notice/ja.subject:1:1: subject is empty",
                #"otp_code/en.subject:1:6: subject includes partial "footer" (subjects are one line; write the text inline)"#,
                "otp_code/ja.subject:2:1: subject has 2 lines (a subject is one line)",
            ])
    }

    func testPartialIncludingItselfIsFound() throws {
        var files = TemplateTree.complete()
        files["partials/footer.en.txt"] = "Contact {{support}}\n{{> sign}}\n"
        files["partials/sign.en.txt"] = "--\n{{> footer}}\n"
        XCTAssertEqual(
            try lint(files),
            [
                #"partials/footer.en.txt:2:1: partial "sign" leads back to this file (a partial may not include itself)"#,
                #"partials/sign.en.txt:2:1: partial "footer" leads back to this file (a partial may not include itself)"#,
            ])
    }

    func testStrayFilesAndDirectoriesAreReported() throws {
        var files = TemplateTree.complete()
        files["otp_code/ja.htm"] = "typo"
        files["otp_cod/ja.txt"] = "typo"
        files["partials/footer.txt"] = "no language"
        files["partials/.footer.ja.txt.swp"] = "editor file"
        XCTAssertEqual(
            try lint(files),
            [
                "otp_cod/:1:1: unknown kind directory (known kinds: \(MailCatalogue.standard.names.joined(separator: ", ")))",
                "otp_code/ja.htm:1:1: unexpected file (templates are named ja|en.subject, .txt or .html)",
                "partials/footer.txt:1:1: unexpected file in partials/ (partials are named NAME.ja|en.txt|html)",
            ])
    }

    func testDiagnosticsSortByFileLineColumn() throws {
        let unsorted = [
            TemplateDiagnostic(file: "b", line: 1, column: 1, message: "m"),
            TemplateDiagnostic(file: "a", line: 2, column: 1, message: "m"),
            TemplateDiagnostic(file: "a", line: 1, column: 9, message: "m"),
            TemplateDiagnostic(file: "a", line: 1, column: 3, message: "m"),
        ]
        XCTAssertEqual(unsorted.sorted().map(\.description), ["a:1:3: m", "a:1:9: m", "a:2:1: m", "b:1:1: m"])
    }

    func testMissingDirectoryIsOneDiagnostic() {
        let nowhere = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        XCTAssertEqual(TemplateLinter().check(directory: nowhere).count, 1)
    }

    func testISO2022JPLanguagesHaveEveryUnsendableCharacterOfSubjectAndTextReported() throws {
        var files = TemplateTree.complete()
        files["otp_code/ja.txt"] = "{{! ① in a comment }}\nコード {{code}} 﨑\n{{> footer}}\n"
        files["otp_code/ja.html"] = "<p>① in HTML is sent as UTF-8</p>\n{{> footer}}\n"
        files["partials/footer.en.txt"] = "-- \nContact – {{support}}\n"
        files["login_notice/en.subject"] = "Login 😀 for {{login_id}}\n"
        let tree = try TemplateTree(files, testCase: self)
        XCTAssertEqual(TemplateLinter().check(directory: tree.url), [], "UTF-8 carries anything")
        let suffix = "mail with it falls back to UTF-8"
        XCTAssertEqual(
            TemplateLinter(charsets: ["ja": .iso2022JP]).check(directory: tree.url).map(\.description),
            [
                #"login_notice/en.subject:1:7: "😀" (U+1F600) cannot be sent as ISO-2022-JP (charsets.ja, used by ja+en mails); \#(suffix)"#,
                #"otp_code/ja.txt:2:14: "﨑" (U+FA11) cannot be sent as ISO-2022-JP (charsets.ja); \#(suffix)"#,
                #"partials/footer.en.txt:2:9: "–" (U+2013) cannot be sent as ISO-2022-JP (charsets.ja, used by ja+en mails); \#(suffix)"#,
            ])
        // English alone in ISO-2022-JP: Japanese templates are not its business.
        XCTAssertEqual(
            TemplateLinter(charsets: ["en": .iso2022JP]).check(directory: tree.url).map(\.file),
            ["login_notice/en.subject", "partials/footer.en.txt"])
    }
}
