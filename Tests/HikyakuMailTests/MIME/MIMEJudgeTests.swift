// MIMEJudgeTests.swift — has Python's email package (Tests/judge/email_judge.py) read what we write.
import Foundation
import XCTest
@testable import HikyakuMail

/// Encodes messages, writes them as .eml files and lets an independent parser judge them.
final class MIMEJudgeTests: XCTestCase {
    private typealias S = MIMETestSupport

    /// A message and what a reader must find in it.
    private struct Case {
        let name: String
        let message: MIMEMessage
        var charset: String { message.charset == .utf8 ? "utf-8" : "iso-2022-jp" }
    }

    private static let judge = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("judge/email_judge.py")

    private func cases() throws -> [Case] {
        let long = String(repeating: "パスワード再設定のご案内（有効期限30分）", count: 5)
        return [
            Case(
                name: "ja",
                message: try S.message(
                    subject: long, text: "山田 太郎 様\n\n以下のリンクから再設定してください。\n.\n", language: "ja")),
            Case(
                name: "en",
                message: try S.message(
                    subject: "Reset your password", fromName: "Hikyaku Support", toName: "Taro Yamada",
                    text: "Dear Taro,\n\nFrom now on, click the link.\n.hidden line\ntrailing space \n", language: "en")),
            Case(
                name: "bilingual",
                message: try S.message(
                    subject: "【飛脚】Password reset / パスワード再設定 😀 👨‍👩‍👧 e\u{301}",
                    text: "山田様 / Dear Yamada,\r\n" + String(repeating: "リンク link = ", count: 40) + "\n\tend\n")),
            Case(
                name: "hostile",
                message: try S.message(
                    subject: "Hi\r\nBcc: victim@example.jp",
                    fromName: "\"Support\" <fake@evil.example>, other@evil.example",
                    toName: "Evil\r\nBcc: victim@example.jp\r\n\r\nbody", text: "x\r\n--\(MIMEMessage.boundary(seed: "job123"))\n",
                    extra: [("X-Note", "a\r\nBcc: victim@example.jp"), ("X-Trick", "=?UTF-8?B?QUJD?= back\\slash")])),
            Case(
                name: "names",
                message: try S.message(
                    subject: "=?UTF-8?B?QUJD?=", fromName: "Yamada, Taro \\ \"T\"", toName: "=?UTF-8?B?QUJD?=")),
            Case(
                name: "long-ascii-name",
                message: try S.message(
                    subject: String(repeating: "Your password was reset. ", count: 8),
                    fromName: "Hikyaku Customer Support (Accounts), Hikyaku Corporation International Division",
                    toName: "Taro Yamada the Third of the House of Yamada from the Department of Long Names", html: "")),
            Case(
                name: "iso2022jp",
                message: try S.message(
                    subject: "【飛脚】" + long + " ¥500 〜 ― ‖ − ¢£¬", fromName: "飛脚 サポート",
                    text: "山田 太郎 様\n期限：10:00〜12:00 −5 ¥\n\n" + String(repeating: "長い行", count: 200) + "\n.\n",
                    charset: .iso2022JP)),
            Case(
                name: "iso2022jp-ascii",
                message: try S.message(
                    subject: "Plain subject", fromName: nil, toName: "Taro", text: "Hello\n", charset: .iso2022JP)),
        ]
    }

    func testPythonJudgeAcceptsGeneratedMessages() throws {
        XCTAssertTrue(FileManager.default.fileExists(atPath: Self.judge.path), Self.judge.path)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hk-judge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let all = try cases()
        var paths: [String] = []
        for c in all {
            let url = dir.appendingPathComponent(c.name + ".eml")
            try Data(try c.message.encoded()).write(to: url)
            paths.append(url.path)
        }
        let reports = try runJudge(paths)
        XCTAssertEqual(reports.count, all.count)
        for (c, report) in zip(all, reports) { check(report, against: c) }
    }

    private func check(_ r: [String: Any], against c: Case) {
        let m = c.message
        let label = c.name
        XCTAssertEqual(r["defects"] as? [String], [], label)
        XCTAssertEqual(r["subject"] as? String, HeaderEncoder.sanitized(m.subject), label)
        for (key, box) in [("from", m.from), ("to", m.to)] {
            let seen = r[key] as? [String: Any]
            XCTAssertEqual(seen?["count"] as? Int, 1, "\(label) \(key)")
            XCTAssertEqual(seen?["addr_spec"] as? String, box.address, "\(label) \(key)")
            XCTAssertEqual(seen?["display_name"] as? String, box.displayName ?? "", "\(label) \(key)")
        }
        let headers = (r["headers"] as? [String]) ?? []
        XCTAssertFalse(headers.contains { $0.lowercased() == "bcc" }, label)
        XCTAssertEqual(headers.count, 9 + m.extraHeaders.count, "\(label): \(headers)")
        XCTAssertEqual(r["content_type"] as? String, "multipart/alternative", label)
        let parts = (r["parts"] as? [[String: Any]]) ?? []
        XCTAssertEqual(parts.map { $0["content_type"] as? String }, ["text/plain", "text/html"], label)
        XCTAssertEqual(parts.map { $0["charset"] as? String }, [c.charset, "utf-8"], label)
        XCTAssertEqual(parts.map { $0["strict_decode"] as? Bool }, [true, true], label)
        XCTAssertEqual(parts.first?["text"].flatMap(normalised), normalised(m.text), label)
        XCTAssertEqual(parts.last?["text"].flatMap(normalised), normalised(m.html), label)
        XCTAssertEqual(r["all_crlf"] as? Bool, true, label)
        XCTAssertEqual(r["lines_over_998"] as? Int, 0, label)
        XCTAssertLessThanOrEqual((r["header_max_line_length"] as? Int) ?? 999, 78, label)
        for word in (r["encoded_words"] as? [[String: Any]]) ?? [] {
            XCTAssertLessThanOrEqual((word["length"] as? Int) ?? 99, 75, "\(label): \(word)")
            XCTAssertLessThanOrEqual((word["line_length"] as? Int) ?? 99, 76, "\(label): \(word)")
            XCTAssertEqual(word["self_contained"] as? Bool, true, "\(label): \(word)")
            XCTAssertEqual((word["charset"] as? String)?.lowercased(), c.charset, "\(label): \(word)")
        }
    }

    /// Text with CRLF and lone CR made LF, as a reader would compare it.
    private func normalised(_ value: Any) -> String? {
        (value as? String)?.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Runs the judge over `paths` in one python3 process; one JSON object per file.
    private func runJudge(_ paths: [String]) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.judge.path] + paths
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }
}
