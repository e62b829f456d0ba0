// JobParserTests.swift — every kind parses; every bad field is refused with the field named.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuMail

final class JobParserTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures")

    func base(_ kind: String = "password_reset", data: JSONValue = [:]) -> [String: JSONValue] {
        [
            "version": 1, "kind": .string(kind), "locale": "ja", "to": "omori@example.co.jp", "to_name": "大森 聡太",
            "login_id": "sanka1", "data": data,
        ]
    }

    func parse(_ object: [String: JSONValue]) throws -> Job {
        try JobParser.parse(JSONText.data(.object(object)))
    }

    func expect(_ object: [String: JSONValue], _ expected: JobError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(object), file: file, line: line) { error in
            XCTAssertEqual(error as? JobError, expected, file: file, line: line)
        }
    }

    func testEveryFixtureJobParses() throws {
        let directory = Self.fixtures.appendingPathComponent("jobs")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(names.count, 15)
        for name in names {
            XCTAssertNoThrow(try JobParser.parse(Data(contentsOf: directory.appendingPathComponent(name))), name)
        }
    }

    func testEveryKindWithItsData() throws {
        XCTAssertEqual(try parse(base()).data, JobData(["purpose": .text("reset")]))
        XCTAssertEqual(try parse(base(data: ["purpose": "initial"])).data, JobData(["purpose": .text("initial")]))
        let notice = try parse(base("login_notice", data: ["logged_in_at": "2026-11-21T12:05:00Z", "ip": "2001:db8::1"]))
        XCTAssertEqual(
            notice.data, JobData(["logged_in_at": .date(Date(timeIntervalSince1970: 1_795_262_700)), "ip": .text("2001:db8::1")]))
        XCTAssertEqual(try parse(base("otp_code")).data, JobData())
        XCTAssertEqual(
            try parse(base("email_change", data: ["new_email": "new@example.jp"])).data, JobData(["new_email": .text("new@example.jp")]))
        XCTAssertEqual(try parse(base("deletion_notice", data: ["removed_at": "2026-11-21T03:00:00+09:00"])).kind, .deletionNotice)
        var both = base()
        both["locale"] = "ja+en"
        XCTAssertEqual(try parse(both).locale.languages, ["ja", "en"])
    }

    func testMissingFields() {
        for field in ["version", "kind", "locale", "to", "login_id", "data"] {
            var object = base()
            object[field] = nil
            expect(object, .missingField(field))
        }
        expect(base("login_notice", data: ["logged_in_at": "2026-11-21T12:05:00Z"]), .missingField("data.ip"))
        expect(base("email_change"), .missingField("data.new_email"))
        expect(base("deletion_notice"), .missingField("data.removed_at"))
    }

    func testWrongTypes() {
        var object = base()
        object["version"] = "1"
        expect(object, .wrongType(field: "version", expected: "an integer"))
        object = base()
        object["version"] = true
        expect(object, .wrongType(field: "version", expected: "an integer"))
        object = base()
        object["to"] = 42
        expect(object, .wrongType(field: "to", expected: "a string"))
        object = base()
        object["data"] = "x"
        expect(object, .wrongType(field: "data", expected: "an object"))
        object = base()
        object["login_id"] = ["a"]
        expect(object, .wrongType(field: "login_id", expected: "a string"))
    }

    func testBadValues() throws {
        var object = base()
        object["kind"] = "account_locked"
        XCTAssertThrowsError(try parse(object)) { XCTAssertTrue("\($0)".contains("unknown kind \"account_locked\"")) }
        object = base()
        object["locale"] = "fr"
        XCTAssertThrowsError(try parse(object)) { XCTAssertTrue("\($0)".contains("locale")) }
        object = base()
        object["version"] = 2
        XCTAssertThrowsError(try parse(object)) { XCTAssertTrue("\($0)".contains("unsupported version 2")) }
        object = base()
        object["login_id"] = ""
        XCTAssertThrowsError(try parse(object))
        XCTAssertThrowsError(try parse(base(data: ["purpose": "other"])))
        XCTAssertThrowsError(try parse(base("login_notice", data: ["logged_in_at": "yesterday", "ip": "203.0.113.7"])))
        XCTAssertThrowsError(try parse(base("login_notice", data: ["logged_in_at": "2026-11-21T12:05:00Z", "ip": "999.1.1.1"])))
        object = base()
        object["extra"] = 1
        expect(object, .unknownField("extra"))
        expect(base("otp_code", data: ["code": "123456"]), .unknownField("data.code"))
    }

    func testAddressesAreCheckedBeforeAnythingReachesTheRelay() {
        for address in [
            "a@example.jp\r\nRCPT TO:<evil@example.com>", "a@example.jp\n", "<a@example.jp>", "a\u{0}@example.jp",
            "noatsign", String(repeating: "a", count: 65) + "@example.jp", "a@" + String(repeating: "b", count: 250) + ".jp",
        ] {
            var object = base()
            object["to"] = .string(address)
            XCTAssertThrowsError(try parse(object), address.debugDescription) { error in
                guard case .invalidValue(let field, _) = error as? JobError else { return XCTFail("\(error)") }
                XCTAssertEqual(field, "to")
                XCTAssertFalse("\(error)".contains("\r"))
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
    }

    func testUnparseableAndOversizedAndDeepFilesAreCorrupt() {
        XCTAssertThrowsError(try JobParser.parse(Data("{not json".utf8))) { XCTAssertTrue(($0 as! JobError).isCorrupt) }
        XCTAssertThrowsError(try JobParser.parse(Data("[1,2]".utf8))) { XCTAssertTrue(($0 as! JobError).isCorrupt) }
        let big = Data(repeating: 0x20, count: JobParser.maxBytes + 1)
        XCTAssertThrowsError(try JobParser.parse(big)) {
            XCTAssertEqual($0 as? JobError, .tooLarge(bytes: JobParser.maxBytes + 1, limit: JobParser.maxBytes))
        }
        let deep = Data((String(repeating: "[", count: 40) + String(repeating: "]", count: 40)).utf8)
        XCTAssertThrowsError(try JobParser.parse(deep)) { XCTAssertEqual($0 as? JobError, .tooDeep(limit: JobParser.maxDepth)) }
        XCTAssertFalse(JobError.missingField("to").isCorrupt)
    }

    func testRecordsWithManyAttemptsMayOutgrowAProducersLimit() throws {
        let attempt: JSONValue = [
            "at": "2026-11-21T12:05:00Z", "outcome": "deferred", "code": 450,
            "reply": .string(String(repeating: "再試行してください", count: 40)), "phase": "rcpt",
        ]
        let record: JSONValue = [
            "record_version": 1, "id": "j1", "job": .object(base()), "attempts": .array(Array(repeating: attempt, count: 300)),
        ]
        let data = JSONText.data(record)
        XCTAssertGreaterThan(data.count, JobParser.maxBytes)
        XCTAssertEqual(try JobParser.jsonObject(data)["id"]?.stringValue, "j1")
        // A producer's file does not get the record's allowance by naming the key in a value.
        var fake = base()
        fake["to_name"] = .string("\"record_version\"" + String(repeating: "x", count: JobParser.maxBytes))
        let fakeData = JSONText.data(.object(fake))
        XCTAssertThrowsError(try JobParser.jsonObject(fakeData)) { XCTAssertEqual(($0 as? JobError)?.isCorrupt, true) }
    }

    func testJobIDRule() {
        XCTAssertTrue(JobID.isValid("abc_DEF-123"))
        XCTAssertFalse(JobID.isValid(""))
        XCTAssertFalse(JobID.isValid(String(repeating: "a", count: 65)))
        XCTAssertFalse(JobID.isValid("a.b"))
        XCTAssertFalse(JobID.isValid("../x"))
        XCTAssertEqual(JobID.fromFileName("job-1.json"), "job-1")
        XCTAssertNil(JobID.fromFileName(".job.json"))
        XCTAssertNil(JobID.fromFileName("job-1.txt"))
        XCTAssertTrue(JobID.isValid(JobID.generate()))
    }
}
