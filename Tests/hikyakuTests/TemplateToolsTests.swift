// TemplateToolsTests.swift — the built binary's template tools: `templates check`, `preview` warnings, the gallery.
import Foundation
import XCTest
@testable import HikyakuMail

final class TemplateToolsTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    /// A copy of the repository's templates in the workspace, with `changes` (nil deletes the file).
    private func templates(_ changes: [String: String?] = [:]) throws -> URL {
        let url = space.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Workspace.repository.appendingPathComponent("templates"), to: url)
        for (path, contents) in changes {
            let file = url.appendingPathComponent(path)
            if let contents { try Data(contents.utf8).write(to: file) } else { try FileManager.default.removeItem(at: file) }
        }
        return url
    }

    /// A fixture job with `changes`, written into the workspace.
    private func jobFile(_ fixture: String, _ changes: [String: Any], as name: String) throws -> String {
        let source = Workspace.repository.appendingPathComponent("fixtures/jobs/\(fixture).json")
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        for (key, value) in changes { object[key] = value }
        let url = space.root.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url.path
    }

    private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    // MARK: templates check

    func testCheckReportsUnknownVariableMissingLanguageAndMissingPartialWithTheirPlaces() throws {
        let url = try templates([
            "deletion_notice/en.subject": "Removal {{removed_on}} notice\n",
            "otp_code/ja.txt": "{{> header}}\n\nコード：{{code}}\n期限：{{expires}}\n{{> footer}}\n",
            "password_reset/en.html": "{{> header}}\n  {{> signature}}\n<p>{{link}}</p>\n{{> footer}}\n",
            "email_change/en.subject": nil, "email_change/en.txt": nil, "email_change/en.html": nil,
        ])
        try space.writeConfig(transport: "file:./outbox", extra: ["templates": url.path])
        let run = try space.run(["templates", "check"])
        XCTAssertEqual(run.status, 65, run.stdout + run.stderr)
        func known(_ kind: String) -> String { MailCatalogue.standard.templateVariables(for: kind)!.sorted().joined(separator: ", ") }
        XCTAssertEqual(
            lines(run.stdout),
            [
                #"deletion_notice/en.subject:1:9: unknown variable "removed_on" (known: \#(known("deletion_notice")))"#,
                "email_change/en.html:1:1: missing template for kind email_change language en",
                "email_change/en.subject:1:1: missing template for kind email_change language en",
                "email_change/en.txt:1:1: missing template for kind email_change language en",
                #"otp_code/ja.txt:4:4: unknown variable "expires" (known: \#(known("otp_code")))"#,
                #"password_reset/en.html:2:3: partial "signature" not found (expected partials/signature.en.html)"#,
            ])
    }

    func testCheckPassesOnTheShippedTemplatesInEveryCharset() throws {
        for charsets in [[:], ["ja": "ISO-2022-JP"], ["ja": "ISO-2022-JP", "en": "ISO-2022-JP"]] {
            try space.writeConfig(transport: "file:./outbox", extra: ["charsets": charsets])
            let run = try space.run(["templates", "check"])
            XCTAssertEqual(run.status, 0, "\(charsets): \(run.stdout)")
            XCTAssertTrue(run.stdout.hasPrefix("templates ok: "), run.stdout)
        }
    }

    func testCheckWithISO2022JPPointsAtEachCharacterItCannotSend() throws {
        let url = try templates([
            "otp_code/ja.txt": "{{> header}}\n{{! ① in a comment never renders }}\n岡﨑様 ①番\n{{> footer}}\n",
            "login_notice/en.subject": "New login – café\n",
        ])
        try space.writeConfig(transport: "file:./outbox", extra: ["templates": url.path])
        XCTAssertEqual(try space.run(["templates", "check"]).status, 0, "UTF-8 can send anything")
        try space.writeConfig(transport: "file:./outbox", extra: ["templates": url.path, "charsets": ["ja": "ISO-2022-JP"]])
        let run = try space.run(["templates", "check"])
        XCTAssertEqual(run.status, 65, run.stdout)
        let fallback = "mail with it falls back to UTF-8"
        XCTAssertEqual(
            lines(run.stdout),
            [
                #"login_notice/en.subject:1:11: "–" (U+2013) cannot be sent as ISO-2022-JP (charsets.ja, used by ja+en mails); \#(fallback)"#,
                #"login_notice/en.subject:1:16: "é" (U+00E9) cannot be sent as ISO-2022-JP (charsets.ja, used by ja+en mails); \#(fallback)"#,
                #"otp_code/ja.txt:3:2: "﨑" (U+FA11) cannot be sent as ISO-2022-JP (charsets.ja); \#(fallback)"#,
                #"otp_code/ja.txt:3:5: "①" (U+2460) cannot be sent as ISO-2022-JP (charsets.ja); \#(fallback); use (1)-(20) instead"#,
            ])
    }

    // MARK: preview

    func testPreviewNamesTheVariableACharsetCannotCarryAndStillRenders() throws {
        try space.writeConfig(transport: "file:./outbox", extra: ["charsets": ["ja": "ISO-2022-JP"]])
        let odd = try jobFile("otp_code-ja", ["to_name": "岡﨑 太郎"], as: "odd.json")
        let run = try space.run(["preview", odd])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(
            lines(run.stderr),
            [
                #"hikyaku: warning: to_name: "﨑" (U+FA11) cannot be sent as ISO-2022-JP; the mail falls back to UTF-8"#
            ])
        let clean = try space.run(["preview", Workspace.repository.appendingPathComponent("fixtures/jobs/otp_code-ja.json").path])
        XCTAssertEqual(clean.status, 0)
        XCTAssertEqual(clean.stderr, "")
        // What preview prints is what the worker would send: UTF-8 for the odd name, ISO-2022-JP otherwise.
        var files: [String] = []
        for (name, output) in [("odd.eml", run.stdout), ("clean.eml", clean.stdout)] {
            let url = space.root.appendingPathComponent(name)
            try Data(output.utf8).write(to: url)
            files.append(url.path)
        }
        let mails = try JudgedMail.judge(files)
        XCTAssertEqual(mails.map { $0.parts.first?["charset"] as? String }, ["utf-8", "iso-2022-jp"])
        XCTAssertEqual(mails.map(\.defects), [[], []])
        XCTAssertTrue(mails[0].text.hasPrefix("岡﨑 太郎 様"), mails[0].text)
        XCTAssertTrue(mails[1].text.contains("ワンタイムパスワード：000000"), mails[1].text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.spool.path), "preview touched the spool")
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.state.path), "preview touched the token store")
    }

    // MARK: gallery

    func testGalleryShowsEveryKindAndLocaleWithHeadersTextAndEscapedHTML() throws {
        let jobs = space.root.appendingPathComponent("jobs")
        try FileManager.default.copyItem(at: Workspace.repository.appendingPathComponent("fixtures/jobs"), to: jobs)
        let hostile = #"<script>alert("x")</script> & Co"#
        _ = try jobFile("otp_code-ja", ["to_name": hostile], as: "jobs/zz-hostile.json")
        try space.writeConfig(transport: "file:./outbox")
        let gallery = space.root.appendingPathComponent("gallery")
        let run = try space.run(["preview", "--gallery", gallery.path, "--jobs", jobs.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("16 of 16 jobs rendered"), run.stdout)
        let page = try String(contentsOf: gallery.appendingPathComponent("index.html"), encoding: .utf8)

        // Every kind × locale has its section, headers, text part and HTML part, and its .eml next to it.
        for kind in DeliveryTests.kinds {
            for locale in DeliveryTests.locales {
                let name = "\(kind)-\(locale)"
                XCTAssertTrue(page.contains("<section class=\"card\" id=\"\(name)\">"), name)
                XCTAssertTrue(page.contains("<a href=\"#\(name)\">"), "\(name) in the index")
                XCTAssertTrue(page.contains("<a href=\"\(name).eml\">"), name)
                XCTAssertTrue(FileManager.default.fileExists(atPath: gallery.appendingPathComponent("\(name).eml").path), name)
            }
        }
        XCTAssertEqual(page.components(separatedBy: "<iframe sandbox=\"allow-same-origin\" ").count - 1, 16)
        XCTAssertEqual(page.components(separatedBy: "<pre class=\"text\">").count - 1, 16)
        XCTAssertTrue(page.contains("<th scope=\"row\">Subject</th><td>パスワード再設定のご連絡</td>"), "decoded subject")
        XCTAssertTrue(page.contains("<th scope=\"row\">To</th><td>大森 聡太 &lt;omori@example.co.jp&gt;</td>"), "decoded To")
        XCTAssertTrue(page.contains("token=PREVIEW-NOT-A-REAL-TOKEN"), "fake links only")

        // Escaping: nothing from a job becomes markup in the page; the HTML part is escaped once
        // more for srcdoc, so unescaping srcdoc gives back exactly the HTML part that was mailed.
        XCTAssertEqual(page.components(separatedBy: "<script").count - 1, 1, "a job value became markup")
        XCTAssertFalse(page.contains("allow-scripts"), "the mail's HTML may never run scripts")
        XCTAssertTrue(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co 様"), "text part, escaped once")
        XCTAssertTrue(page.contains("&amp;lt;script&amp;gt;"), "HTML part, escaped again for srcdoc")
        let mails = try JudgedMail.judge([
            gallery.appendingPathComponent("zz-hostile.eml").path,
            gallery.appendingPathComponent("password_reset-ja_en.eml").path,
        ])
        for (mail, name) in zip(mails, ["zz-hostile", "password_reset-ja_en"]) {
            XCTAssertEqual(mail.defects, [], name)
            XCTAssertEqual(srcdoc(in: page, section: name), mail.html.replacingOccurrences(of: "\r\n", with: "\n"), name)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.spool.path), "the gallery touched the spool")
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.state.path), "the gallery touched the token store")
    }

    func testGalleryShowsABadJobAndExits65WhileRenderingTheRest() throws {
        let jobs = space.root.appendingPathComponent("jobs")
        try FileManager.default.createDirectory(at: jobs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Workspace.repository.appendingPathComponent("fixtures/jobs/otp_code-en.json"),
            to: jobs.appendingPathComponent("otp_code-en.json"))
        try FileManager.default.copyItem(
            at: Workspace.repository.appendingPathComponent("fixtures/bad-jobs/unknown-kind.json"),
            to: jobs.appendingPathComponent("broken.json"))
        try space.writeConfig(transport: "file:./outbox")
        let gallery = space.root.appendingPathComponent("gallery")
        let run = try space.run(["preview", "--gallery", gallery.path, "--jobs", jobs.path])
        XCTAssertEqual(run.status, 65, run.stderr)
        XCTAssertTrue(run.stdout.contains("1 of 2 jobs rendered"), run.stdout)
        XCTAssertTrue(run.stderr.contains("hikyaku: broken.json: "), run.stderr)
        let page = try String(contentsOf: gallery.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("<section class=\"card\" id=\"broken\">"))
        XCTAssertTrue(page.contains("<p class=\"error\">"))
        XCTAssertTrue(page.contains("<section class=\"card\" id=\"otp_code-en\">"))
        let missing = try space.run(["preview", "--gallery", gallery.path, "--jobs", space.root.appendingPathComponent("nope").path])
        XCTAssertEqual(missing.status, 66, missing.stderr)
    }

    /// The unescaped `srcdoc` of the iframe in section `name`.
    private func srcdoc(in page: String, section name: String) -> String? {
        guard let start = page.range(of: "id=\"\(name)\">"),
            let attribute = page.range(of: "srcdoc=\"", range: start.upperBound..<page.endIndex),
            let end = page.range(of: "\"", range: attribute.upperBound..<page.endIndex)
        else { return nil }
        var text = String(page[attribute.upperBound..<end.lowerBound])
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }
}
