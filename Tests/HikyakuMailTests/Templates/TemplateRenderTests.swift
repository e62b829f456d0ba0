// TemplateRenderTests.swift — rendering: values, sections, partials, standalone lines, escaping, strictness.
import XCTest
@testable import HikyakuMail

final class TemplateRenderTests: XCTestCase {
    private func render(
        _ source: String, _ values: [String: TemplateValue], escaping: TemplateEscaping = .none,
        partials: [String: String] = [:], declared: Set<String> = []
    ) throws -> String {
        var parsed: [String: Template] = [:]
        for (name, text) in partials { parsed[name] = try Template(parsing: text, file: "partials/\(name).ja.txt") }
        return try Template(parsing: source, file: "k/ja.txt")
            .render(values, escaping: escaping, partials: parsed, declared: declared)
    }

    private func renderError(
        _ source: String, _ values: [String: TemplateValue], partials: [String: String] = [:],
        declared: Set<String> = []
    ) -> TemplateError? {
        expectTemplateError { () throws(TemplateError) in
            var parsed: [String: Template] = [:]
            for (name, text) in partials { parsed[name] = try Template(parsing: text, file: "partials/\(name).ja.txt") }
            return try Template(parsing: source, file: "k/ja.txt")
                .render(values, escaping: .none, partials: parsed, declared: declared)
        }
    }

    func testVariablesAndDottedNames() throws {
        XCTAssertEqual(try render("Hi {{to_name}}!", ["to_name": "Aiko"]), "Hi Aiko!")
        XCTAssertEqual(try render("{{user.address.city}}", ["user": ["address": ["city": "Kyoto"]]]), "Kyoto")
    }

    func testBoolSections() throws {
        let source = "{{#initial}}welcome{{/initial}}{{^initial}}reset{{/initial}}"
        XCTAssertEqual(try render(source, ["initial": true]), "welcome")
        XCTAssertEqual(try render(source, ["initial": false]), "reset")
    }

    func testStringSectionsRenderOnceWhenNonEmpty() throws {
        let source = "{{#device}}on {{device}}{{/device}}{{^device}}unknown device{{/device}}"
        XCTAssertEqual(try render(source, ["device": "Firefox"]), "on Firefox")
        XCTAssertEqual(try render(source, ["device": ""]), "unknown device")
    }

    func testListSectionsRepeatWithElementOnTheStack() throws {
        let source = "{{#items}}[{{name}} for {{to}}]{{/items}}{{^items}}none{{/items}}"
        let values: [String: TemplateValue] = ["to": "a@x", "items": [["name": "one"], ["name": "two", "to": "b@x"]]]
        XCTAssertEqual(try render(source, values), "[one for a@x][two for b@x]")
        XCTAssertEqual(try render(source, ["to": "a@x", "items": .list([])]), "none")
        // The element's names exist only inside the section.
        XCTAssertEqual(
            renderError("{{#items}}{{name}}{{/items}} {{name}}", values),
            .unknownVariable(file: "k/ja.txt", line: 1, column: 30, name: "name", known: ["items", "to"]))
    }

    func testObjectSectionPushesTheObject() throws {
        XCTAssertEqual(try render("{{#user}}{{city}}{{/user}}", ["user": ["city": "Nara"]]), "Nara")
    }

    func testCommentsVanish() throws {
        XCTAssertEqual(try render("a{{! note }}b\n{{! whole line }}\nc\n", [:]), "ab\nc\n")
    }

    func testStandaloneLinesAreRemovedWhole() throws {
        let source = """
            Hello
              {{#initial}}
            First time.
              {{/initial}}
            {{! a comment }}
            Bye
            {{^initial}}
            Again.
            {{/initial}}
            """
        XCTAssertEqual(try render(source, ["initial": true]), "Hello\nFirst time.\nBye\n")
        XCTAssertEqual(try render(source, ["initial": false]), "Hello\nBye\nAgain.\n")
    }

    func testTagsSharingALineWithTextAreNotStandalone() throws {
        XCTAssertEqual(try render(" {{#a}}yes{{/a}} \nend", ["a": true]), " yes \nend")
        XCTAssertEqual(try render("{{#a}}\n{{/a}}{{x}}\n", ["a": true, "x": "v"]), "v\n")
        // A variable alone on its line is content: the line stays.
        XCTAssertEqual(try render("  {{x}}\n", ["x": "v"]), "  v\n")
    }

    func testPartialsShareTheContextAndKeepStandaloneIndentation() throws {
        let partials = ["footer": "Contact {{support}}\n{{> sign}}", "sign": "-- {{to}}\n"]
        XCTAssertEqual(
            try render("Body\n  {{> footer}}\nEnd {{> sign}}", ["support": "s@x", "to": "t@x"], partials: partials),
            "Body\n  Contact s@x\n  -- t@x\nEnd -- t@x\n")
    }

    func testMissingPartialAndRecursionAreErrors() {
        XCTAssertEqual(
            renderError("a\n {{> nope}}", [:]),
            .missingPartial(file: "k/ja.txt", line: 2, column: 2, name: "nope"))
        XCTAssertEqual(
            renderError("{{> loop}}", [:], partials: ["loop": "x{{> loop}}"]),
            .partialTooDeep(file: "partials/loop.ja.txt", line: 1, column: 2, name: "loop", limit: 8))
        XCTAssertEqual(try render("{{> a}}", [:], partials: ["a": "{{> b}}", "b": "deep"]), "deep")
    }

    func testHTMLEscapingAppliesToDoubleMustacheOnly() throws {
        let values: [String: TemplateValue] = ["v": #"<script>alert("x" & 'y')</script>"#]
        XCTAssertEqual(
            try render("{{v}}", values, escaping: .html),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;")
        XCTAssertEqual(try render("{{v}}", values, escaping: .none), #"<script>alert("x" & 'y')</script>"#)
        XCTAssertEqual(try render("{{{v}}}|{{& v}}", ["v": "<b>"], escaping: .html), "<b>|<b>")
        XCTAssertEqual(
            try render(#"<a href="{{link}}">"#, ["link": #"x" onclick="y"#], escaping: .html),
            #"<a href="x&quot; onclick=&quot;y">"#)
    }

    func testValuesAreNeverParsedAgain() throws {
        let values: [String: TemplateValue] = ["to_name": "{{link}} {{#a}}", "link": "SECRET"]
        XCTAssertEqual(try render("Hi {{to_name}}", values), "Hi {{link}} {{#a}}")
        XCTAssertEqual(try render("Hi {{{to_name}}}", values, escaping: .html), "Hi {{link}} {{#a}}")
    }

    func testUnknownVariableIsAnErrorWithPositionAndKnownNames() {
        XCTAssertEqual(
            renderError("Dear {{to_name}},\n  use it by {{expires_at}}.", ["to_name": "A", "link": "L"]),
            .unknownVariable(file: "k/ja.txt", line: 2, column: 13, name: "expires_at", known: ["link", "to_name"]))
        XCTAssertEqual(
            renderError("{{#a}}\n {{b}}\n{{/a}}", ["a": true]),
            .unknownVariable(file: "k/ja.txt", line: 2, column: 2, name: "b", known: ["a"]))
        XCTAssertEqual(
            renderError("x {{user.nme}}", ["user": ["name": "A"]]),
            .unknownVariable(file: "k/ja.txt", line: 1, column: 3, name: "user.nme", known: ["user"]))
    }

    func testUnknownSectionNameIsAnErrorUnlessDeclared() throws {
        XCTAssertEqual(
            renderError("{{#initial}}x{{/initial}}", [:]),
            .unknownVariable(file: "k/ja.txt", line: 1, column: 1, name: "initial", known: []))
        let source = "{{#initial}}first{{/initial}}{{^initial}}again{{/initial}}"
        XCTAssertEqual(try render(source, [:], declared: ["initial"]), "again")
        // Declared but absent is still an error where its text is needed.
        XCTAssertEqual(
            renderError("{{initial}}", [:], declared: ["initial"]),
            .unknownVariable(file: "k/ja.txt", line: 1, column: 1, name: "initial", known: []))
    }

    func testOnlyStringsRenderAsText() {
        XCTAssertEqual(
            renderError("a {{initial}}", ["initial": true]),
            .notText(file: "k/ja.txt", line: 1, column: 3, name: "initial", found: "bool"))
    }

    func testContextLookupPrefersInnerFrames() {
        let context = TemplateContext(["a": "outer", "b": "kept"]).pushing(["a": "inner"])
        XCTAssertEqual(context.value(for: "a"), "inner")
        XCTAssertEqual(context.value(for: "b"), "kept")
        XCTAssertNil(context.value(for: "c"))
        XCTAssertEqual(context.names, ["a", "b"])
    }
}
