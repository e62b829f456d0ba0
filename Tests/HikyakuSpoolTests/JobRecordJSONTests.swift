// JobRecordJSONTests.swift — job files written member by member are byte for byte the JSONValue path's, and Foundation's.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuSpool

final class JobRecordJSONTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let start = Date(timeIntervalSince1970: 1_795_262_700)

    func foundation(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    func testARecordAroundEveryFixtureJobIsFoundationsBytes() throws {
        for folder in ["fixtures/jobs", "fixtures/bad-jobs"] {
            let directory = repository.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                guard case .object(let job)? = try? JSONValue.parse(data, options: .foundationCompatible) else { continue }
                var record = JobRecord(id: "job-1", job: job, receivedAt: Date(timeIntervalSince1970: 1_795_262_700))
                record.seed = "c2VlZA"
                record.attempts = [
                    Attempt(
                        at: Date(timeIntervalSince1970: 1_795_262_700.25), outcome: .deferred, code: 450,
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
    func records(around job: [String: JSONValue]) -> [JobRecord] {
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
                at: start + 0.25, outcome: .deferred, code: 450, reply: "450 4.1.1 \"busy\"\t\\ try later/\u{1}",
                phase: "rcpt", durationMilliseconds: 3, possibleDuplicate: true),
            Attempt(
                at: start + 2, outcome: .sent, code: 250, reply: "250 2.0.0 Ok: queued as 1A2B/3C 日本",
                phase: "done", durationMilliseconds: 0, possibleDuplicate: false),
        ]
        var negative = bare
        negative.attempts = [
            Attempt(
                at: Date(timeIntervalSince1970: -1.5), outcome: AttemptOutcome(rawValue: ""), code: -1, reply: "",
                phase: "", durationMilliseconds: Int.max, possibleDuplicate: false)
        ]
        negative.replays = -3  // left out, as replays ≤ 0 always were
        var sealed = full
        sealed.seedMAC = "bWFj-_"
        return [bare, full, negative, sealed]
    }

    func testEveryFixtureJobsRecordMatchesTheValuePath() throws {
        var written = 0
        for folder in ["fixtures/jobs", "fixtures/bad-jobs"] {
            let directory = repository.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                guard case .object(let job)? = try? JSONValue.parse(data, options: .foundationCompatible) else { continue }
                for record in records(around: job) {
                    XCTAssertNotNil(record.handEncoded(), "\(name): written by hand")
                    XCTAssertEqual(
                        String(decoding: record.encoded(), as: UTF8.self),
                        String(decoding: record.encodedThroughValue(), as: UTF8.self), name)
                    let reparsed = try XCTUnwrap(JSONSerialization.jsonObject(with: record.encoded()))
                    XCTAssertEqual(record.encoded(), foundation(reparsed) + Data("\n".utf8), name)
                    written += 1
                }
            }
        }
        XCTAssertGreaterThan(written, 20, "most fixture jobs are JSON")
    }

    func testJobsWithKeysAndNumbersFoundationOrdersItsOwnWayMatchToo() throws {
        let jobs: [[String: JSONValue]] = [["a10": 1, "a2": 2], ["x": 2.5, "y": 1e21], ["nested": ["É": true, "e": 1, "F": .null]]]
        for job in jobs {
            for record in records(around: job) {
                XCTAssertEqual(record.encoded(), record.encodedThroughValue())
                let reparsed = try XCTUnwrap(JSONSerialization.jsonObject(with: record.encoded()))
                XCTAssertEqual(record.encoded(), foundation(reparsed) + Data("\n".utf8))
                XCTAssertEqual(record.encoded().last, 0x0a)
            }
        }
    }

    func testAJobJSONTextCannotWriteTakesTheValuePath() {
        for record in records(around: ["x": .double(.nan)]) {
            XCTAssertNil(record.handEncoded())
            XCTAssertEqual(record.encoded(), record.encodedThroughValue())
            XCTAssertEqual(record.encoded().last, 0x0a)
        }
    }

    func testRecordsDecodeAsTheyWereWritten() throws {
        let job: [String: JSONValue] = ["kind": "otp_code", "n": 1]
        for record in records(around: job) {
            let object = try XCTUnwrap(try JSONValue.parse(record.encoded()).objectValue)
            let decoded = JobRecord.decode(id: record.id, object: object, now: start)
            XCTAssertEqual(decoded.encoded(), record.encoded())
            XCTAssertEqual(decoded.attempts.map(\.outcome), record.attempts.map(\.outcome))
        }
    }

    func testOnlyARecordWhoseSeedCarriesItsMACIsVersionTwo() throws {
        var record = JobRecord(id: "j", job: ["kind": "password_reset"], receivedAt: start)
        record.seed = "c2VlZA"
        let legacy = try XCTUnwrap(try JSONValue.parse(record.encoded()).objectValue)
        XCTAssertEqual(legacy["record_version"], .int(1))
        XCTAssertNil(legacy["seed_mac"])
        XCTAssertNil(JobRecord.decode(id: "j", object: legacy, now: start).seedMAC)
        record.seedMAC = "bWFj"
        let sealed = try XCTUnwrap(try JSONValue.parse(record.encoded()).objectValue)
        XCTAssertEqual(sealed["record_version"], .int(2))
        XCTAssertEqual(sealed["seed_mac"], .string("bWFj"))
        XCTAssertEqual(JobRecord.decode(id: "j", object: sealed, now: start).seedMAC, "bWFj")
    }

    func testAttemptOutcomesKeepTheirTextOnDisk() {
        XCTAssertEqual(AttemptOutcome(rawValue: "sent"), .sent)
        XCTAssertEqual(AttemptOutcome(rawValue: "deferred"), .deferred)
        XCTAssertEqual(AttemptOutcome(rawValue: "failed"), .failed)
        XCTAssertEqual(AttemptOutcome(rawValue: "bounced"), .unrecognized("bounced"))
        XCTAssertEqual(AttemptOutcome.unrecognized("bounced").rawValue, "bounced")
        XCTAssertEqual([AttemptOutcome.sent, .deferred, .failed].map(\.rawValue), ["sent", "deferred", "failed"])
    }

    func testDecodeReadsMembersOfTheWrongTypeAsFoundationsCastsDid() throws {
        let text = """
            {"record_version":1,"id":"j","job":{},"replays":2.7,"attempts":[{"code":true,"duration_ms":-2.5,
            "possible_duplicate":1,"outcome":"sent"},{"possible_duplicate":2,"outcome":7}]}
            """
        let object = try XCTUnwrap(try JSONValue.parse(Data(text.utf8)).objectValue)
        let record = JobRecord.decode(id: "j", object: object, now: start)
        XCTAssertEqual(record.replays, 2)
        XCTAssertEqual(record.attempts.map(\.code), [1, 0])
        XCTAssertEqual(record.attempts.map(\.durationMilliseconds), [-2, 0])
        XCTAssertEqual(record.attempts.map(\.possibleDuplicate), [true, false])
        XCTAssertEqual(record.attempts.map(\.outcome), [.sent, .unrecognized("")])
        let mixed = try XCTUnwrap(try JSONValue.parse(Data(#"{"record_version":1,"job":{},"attempts":[{},3]}"#.utf8)).objectValue)
        XCTAssertEqual(JobRecord.decode(id: "j", object: mixed, now: start).attempts.count, 0, "a list with a non-object reads as none")
        let bare = JobRecord.decode(id: "j", object: ["kind": "otp_code"], now: start)
        XCTAssertEqual(bare.job, ["kind": "otp_code"])
        XCTAssertEqual(bare.receivedAt, start)
    }
}
