// TemplateParserTests.swift — parsing: references with positions, standalone lines, located parse errors.
import XCTest
@testable import HikyakuMail

final class TemplateParserTests: XCTestCase {
    private func parse(_ source: String) throws -> Template {
        try Template(parsing: source, file: "t/ja.txt")
    }

    private func parseError(_ source: String) -> TemplateError? {
        expectTemplateError { () throws(TemplateError) in try Template(parsing: source, file: "t/ja.txt") }
    }

    func testReferencesCarryRoleLineAndColumnIncludingInsideSections() throws {
        let template = try parse(
            """
            Hi {{to_name}},
            {{#initial}}
              set {{{link}}} or {{& link}} for {{user.name}}
            {{/initial}}
            {{^initial}}{{> footer}}{{/initial}}
            """)
        XCTAssertEqual(
            template.references.map(\.description),
            [
                "1:4 variable to_name",
                "2:1 section initial",
                "3:7 rawVariable link",
                "3:21 rawVariable link",
                "3:36 variable user.name",
                "5:1 invertedSection initial",
                "5:13 partial footer",
            ])
        XCTAssertEqual(template.references[4].rootName, "user")
        XCTAssertEqual(template.partialNames, ["footer"])
    }

    func testColumnsCountCharactersNotBytes() throws {
        let template = try parse("こんにちは、{{to_name}}様\n🇯🇵 {{x}}")
        XCTAssertEqual(template.references.map(\.description), ["1:7 variable to_name", "2:3 variable x"])
    }

    func testPositionsAfterMultilineCommentAndCRLF() throws {
        let template = try parse("a\r\n{{! one\r\ntwo }} {{x}}\r\n{{y}}")
        XCTAssertEqual(template.references.map(\.description), ["3:8 variable x", "4:1 variable y"])
    }

    func testUnclosedSectionPointsAtItsOpeningTag() {
        XCTAssertEqual(
            parseError("line one\n  {{#initial}}\nbody\n"),
            .unclosedSection(file: "t/ja.txt", line: 2, column: 3, name: "initial"))
    }

    func testInnermostUnclosedSectionIsReported() {
        XCTAssertEqual(
            parseError("{{#a}}\n{{#b}}x\n{{/a}}"),
            .mismatchedClose(file: "t/ja.txt", line: 3, column: 1, expected: "b", found: "a"))
        XCTAssertEqual(
            parseError("{{#a}}{{#b}}x{{/b}}"),
            .unclosedSection(file: "t/ja.txt", line: 1, column: 1, name: "a"))
    }

    func testCloseWithoutOpen() {
        XCTAssertEqual(
            parseError("ok\nthen {{/initial}}"),
            .unexpectedClose(file: "t/ja.txt", line: 2, column: 6, name: "initial"))
    }

    func testUnclosedTagPointsAtItsOpeningBraces() {
        XCTAssertEqual(parseError("ab\ncd {{link"), .unclosedTag(file: "t/ja.txt", line: 2, column: 4))
        XCTAssertEqual(parseError("{{{raw}} x"), .unclosedTag(file: "t/ja.txt", line: 1, column: 1))
        // A forgotten "}}" is caught even when a later tag would supply one.
        XCTAssertEqual(parseError("x {{link\nand {{to}}"), .unclosedTag(file: "t/ja.txt", line: 1, column: 3))
        XCTAssertEqual(parseError("{{a {{b}}"), .unclosedTag(file: "t/ja.txt", line: 1, column: 1))
    }

    func testEmptyAndInvalidNames() {
        XCTAssertEqual(parseError("x\n  {{ }}"), .emptyName(file: "t/ja.txt", line: 2, column: 3))
        XCTAssertEqual(parseError("{{# }}{{/}}"), .emptyName(file: "t/ja.txt", line: 1, column: 1))
        XCTAssertEqual(parseError("{{to name}}"), .invalidName(file: "t/ja.txt", line: 1, column: 1, name: "to name"))
        XCTAssertEqual(parseError("{{a..b}}"), .invalidName(file: "t/ja.txt", line: 1, column: 1, name: "a..b"))
        XCTAssertEqual(parseError("{{> ../x}}"), .invalidName(file: "t/ja.txt", line: 1, column: 1, name: "../x"))
        XCTAssertEqual(parseError("{{> a.b}}"), .invalidName(file: "t/ja.txt", line: 1, column: 1, name: "a.b"))
    }

    func testUnsupportedMustacheFeaturesAreRejected() {
        XCTAssertEqual(parseError("{{=<% %>=}}"), .unsupportedTag(file: "t/ja.txt", line: 1, column: 1, tag: "{{="))
        XCTAssertEqual(parseError("a {{<parent}}"), .unsupportedTag(file: "t/ja.txt", line: 1, column: 3, tag: "{{<"))
    }

    func testWhitespaceInsideTagsIsAllowed() throws {
        let template = try parse("{{ x }}{{# y }}{{/ y }}{{{ z }}}{{> p }}")
        XCTAssertEqual(template.references.map(\.name), ["x", "y", "z", "p"])
    }

    func testErrorDescriptionIsOneActionableLine() {
        let error = TemplateError.unknownVariable(
            file: "password_reset/ja.html", line: 3, column: 7, name: "expires_at",
            known: ["deadline", "link", "login_id"])
        XCTAssertEqual(
            error.description,
            #"template password_reset/ja.html line 3 col 7: unknown variable "expires_at" (known: deadline, link, login_id)"#)
        XCTAssertEqual(
            TemplateError.unclosedSection(file: "a/en.txt", line: 2, column: 1, name: "initial").description,
            #"template a/en.txt line 2 col 1: section "initial" is never closed (add {{/initial}})"#)
        XCTAssertFalse(TemplateError.missingTemplate(file: "a/en.txt").description.contains("\n"))
    }
}
