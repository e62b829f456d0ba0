// JobRecordJSONTests.swift — job files written member by member are byte for byte the dictionary path's.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuSpool

final class JobRecordJSONTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let start = Date(timeIntervalSince1970: 1_795_262_700)

    func foundation(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    func testARecordAroundEveryFixtureJobIsFoundationsBytes() throws {
        for folder in ["fixtures/jobs", "fixtures/bad-jobs"] {
            let directory = repository.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                guard let job = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                var record = JobRecord(id: "job-1", job: job, receivedAt: Date(timeIntervalSince1970: 1_795_262_700))
                record.seed = "c2VlZA"
                record.attempts = [
                    Attempt(
                        at: Date(timeIntervalSince1970: 1_795_262_700.25), outcome: "deferred", code: 450,
                        reply: "450 4.1.1 \"busy\"\t\\ try later/\u{1}", phase: "rcpt",
                        durationMilliseconds: 3, possibleDuplicate: true)
                ]
                record.failureReason = "no"
                let encoded = record.encoded()
                let reparsed = try XCTUnwrap(JSONSerialization.jsonObject(with: encoded) as? [String: Any])
                XCTAssertEqual(encoded, foundation(reparsed) + Data("\n".utf8), name)
            }
        }
    }

    /// Records around `job`: bare, then with every optional member and several attempts.
    func records(around job: [String: Any]) -> [JobRecord] {
        let bare = JobRecord(id: "job-1", job: job, receivedAt: start + 0.4567)
        var full = bare
        full.seed = "c2VlZA-_"
        full.issuedAt = start + 1
        full.expiresAt = start + 3600
        full.messageDate = start + 1.5
        full.nextAttemptAt = start + 600
        full.failureReason = "5.1.1 \"unknown\" 宛先/なし \u{1}\t\\"
        full.replays = 2
        full.requeuedAt = start + 7200
        full.attempts = [
            Attempt(
                at: start + 0.25, outcome: "deferred", code: 450, reply: "450 4.1.1 \"busy\"\t\\ try later/\u{1}",
                phase: "rcpt", durationMilliseconds: 3, possibleDuplicate: true),
            Attempt(
                at: start + 2, outcome: "sent", code: 250, reply: "250 2.0.0 Ok: queued as 1A2B/3C 日本",
                phase: "done", durationMilliseconds: 0, possibleDuplicate: false),
        ]
        var negative = bare
        negative.attempts = [
            Attempt(
                at: Date(timeIntervalSince1970: -1.5), outcome: "", code: -1, reply: "",
                phase: "", durationMilliseconds: Int.max, possibleDuplicate: false)
        ]
        negative.replays = -3  // left out, as replays ≤ 0 always were
        return [bare, full, negative]
    }

    func testEveryFixtureJobsRecordMatchesTheDictionaryPath() throws {
        var written = 0
        for folder in ["fixtures/jobs", "fixtures/bad-jobs"] {
            let directory = repository.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                guard let job = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                var scratch: [UInt8] = []
                let writable = JSONText.write(job, into: &scratch)
                for record in records(around: job) {
                    XCTAssertEqual(record.handEncoded() != nil, writable, "\(name): written by hand exactly when JSONText can")
                    XCTAssertEqual(
                        String(decoding: record.encoded(), as: UTF8.self),
                        String(decoding: record.encodedThroughDictionary(), as: UTF8.self), name)
                    if writable { written += 1 }
                }
            }
        }
        XCTAssertGreaterThan(written, 20, "most fixture jobs take the hand-written path")
    }

    func testAJobJSONTextCannotWriteTakesTheDictionaryPath() {
        let jobs: [[String: Any]] = [["a10": 1, "a2": 2], ["x": 2.5], ["nested": ["É": true]]]
        for job in jobs {
            for record in records(around: job) {
                XCTAssertNil(record.handEncoded())
                XCTAssertEqual(record.encoded(), record.encodedThroughDictionary())
                XCTAssertEqual(record.encoded().last, 0x0a)
            }
        }
    }
}
