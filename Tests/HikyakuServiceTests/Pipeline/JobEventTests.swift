// JobEventTests.swift — an event line written member by member is byte for byte the line through a JSONValue.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuMail
@testable import HikyakuService
@testable import HikyakuSpool

final class JobEventTests: XCTestCase {
    /// Texts that exercise escaping: quotes, backslashes, slashes, control characters, Japanese, emoji.
    private let texts = [
        "", "plain", "with \"quotes\" and \\ backslash", "a/b//c", "tab\there", "line\nbreak\r\n", "\u{01}\u{1f}\u{7f}",
        "日本語の理由", "emoji 📮 and ｶﾀｶﾅ", "<user@example.jp> refused: 550 5.1.1",
    ]

    func testEveryEventIsTheSameBytesAsThroughAJSONValue() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../fixtures/jobs")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertFalse(names.isEmpty)
        var compared = 0
        for name in names {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            guard let job = try? JobParser.parse(data), let object = try? JobParser.jsonObject(data) else { continue }
            for (index, text) in texts.enumerated() {
                let record = JobRecord(id: "job-\(index)", job: object, receivedAt: Date(timeIntervalSince1970: 1_795_262_700))
                let time = Date(timeIntervalSince1970: 1_795_262_700.123 + Double(index))
                for reason in [nil, text] {
                    for state in ["sent", "failed", "bounced"] {
                        for withJob in [job, nil] as [Job?] {
                            let line = JobEvent.Line(record, job: withJob, state: state, reason: reason, at: time)
                            XCTAssertEqual(
                                JobEvent.bytes(record, job: withJob, state: state, reason: reason, at: time), JobEvent.referenceBytes(line),
                                "\(name), reason \(reason ?? "none"), state \(state)")
                            compared += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 100)
    }

    func testAnEventNamesNoFullAddressAndEndsItsLine() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../fixtures/jobs/login_notice-ja.json")
        var object = try JobParser.jsonObject(Data(contentsOf: fixture))
        object["to"] = "taro@example.co.jp"
        let job = try JobParser.parse(object: object)
        let record = JobRecord(id: "j1", job: object, receivedAt: Date(timeIntervalSince1970: 0))
        let bytes = JobEvent.bytes(
            record, job: job, state: "failed", reason: "550 <taro@example.co.jp> unknown", at: Date(timeIntervalSince1970: 1))
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("}\n"))
        XCTAssertFalse(text.contains("taro@example.co.jp"), text)
        XCTAssertEqual(try JSONDocument.object(bytes)["version"], 1)
    }
}
