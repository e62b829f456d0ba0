// CharsetFallbackCLITests.swift — `preview` warns, and the worker logs charset_fallback, for exactly the mails that fall back.
import Foundation
import XCTest

/// Issue 13, item 4, through the built binary: one code path decides, preview and worker report it alike.
final class CharsetFallbackCLITests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
        try space.writeConfig(
            transport: "file:\(space.root.appendingPathComponent("outbox").path)",
            extra: ["charsets": ["ja": "ISO-2022-JP", "en": "ISO-2022-JP"]])
    }

    override func tearDown() { space.remove() }

    /// Names by job id: which keep ISO-2022-JP (controls become spaces) and which must not be altered.
    static let names: [(id: String, name: String, fallsBack: Bool)] = [
        ("separator", "山田\u{2028}太郎", false), ("control", "山田\u{0007}太郎", false),
        ("compat-fa10", "\u{FA10}田 太郎", true), ("compat-f9dc", "\u{F9DC}田 花子", true), ("outside", "\u{FA11}田 太郎", true),
    ]

    func testPreviewWarningsAndWorkerEventsNameTheSameFallbacks() throws {
        var previews: [String: [String]] = [:]
        for (id, name, fallsBack) in Self.names {
            let path = try jobFile(id, name: name)
            let run = try space.run(["preview", path])
            XCTAssertEqual(run.status, 0, run.stderr)
            // The worker's detail is preview's lines joined by "; ".
            let lines = run.stderr.split(separator: "\n").map { $0.replacingOccurrences(of: "hikyaku: warning: ", with: "") }
            previews[id] = lines.isEmpty ? [] : [lines.joined(separator: "; ")]
            let eml = space.root.appendingPathComponent("\(id).eml")
            try Data(run.stdout.utf8).write(to: eml)
            let mail = try XCTUnwrap(JudgedMail.judge([eml.path]).first)
            XCTAssertEqual(mail.defects, [], id)
            XCTAssertEqual(mail.parts.first?["charset"] as? String, fallsBack ? "utf-8" : "iso-2022-jp", id)
        }
        for (id, name, _) in Self.names {
            try FileManager.default.createDirectory(at: space.spool.appendingPathComponent("new"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: try jobFile(id, name: name), toPath: space.spool.appendingPathComponent("new/\(id).json").path)
        }
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("sent"), Self.names.map { "\($0.id).json" }.sorted())
        var events: [String: [String]] = [:]
        for line in run.stderr.split(separator: "\n") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                object["event"] as? String == "charset_fallback", let job = object["job"] as? String
            else { continue }
            events[job] = [object["detail"] as? String ?? ""]
        }
        for (id, name, fallsBack) in Self.names {
            XCTAssertEqual(previews[id] ?? [], events[id] ?? [], "\(id): preview and worker disagree")
            XCTAssertEqual(!(events[id] ?? []).isEmpty, fallsBack, "\(id): \(events[id] ?? [])")
            if fallsBack {
                let shown = name.unicodeScalars.first.map { String(format: "U+%04X", $0.value) } ?? ""
                XCTAssertTrue(events[id]?.first?.hasPrefix("to_name: ") == true && events[id]?.first?.contains(shown) == true, "\(id)")
            }
        }
    }

    func testANameEqualToTheBoundaryDelimiterNeitherWarnsNorFallsBack() throws {
        let plain = try space.run(["preview", try jobFile("plain", name: "大森 聡太"), "--format", "headers"])
        let boundary = try XCTUnwrap(plain.stdout.components(separatedBy: "boundary=\"").dropFirst().first?.prefix { $0 != "\"" })
        let run = try space.run(["preview", try jobFile("plain", name: "--\(boundary)")])
        XCTAssertEqual(run.stderr, "")
        let eml = space.root.appendingPathComponent("boundary.eml")
        try Data(run.stdout.utf8).write(to: eml)
        let mail = try XCTUnwrap(JudgedMail.judge([eml.path]).first)
        XCTAssertEqual(mail.defects, [])
        XCTAssertEqual(mail.parts.map { $0["charset"] as? String }, ["iso-2022-jp", "utf-8"])
        XCTAssertTrue(mail.text.hasPrefix("--\(boundary) 様"), mail.text)
    }

    /// `fixtures/jobs/password_reset-ja.json` with `to_name` = `name`, written as `<id>.json`.
    private func jobFile(_ id: String, name: String) throws -> String {
        let source = Workspace.repository.appendingPathComponent("fixtures/jobs/password_reset-ja.json")
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        object["to_name"] = name
        // One login and address each, below the rate limits.
        object["login_id"] = "login-\(id)"
        object["to"] = "\(id)@example.jp"
        let url = space.root.appendingPathComponent("\(id).json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url.path
    }
}
