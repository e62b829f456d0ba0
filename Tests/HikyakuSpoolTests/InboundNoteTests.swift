// InboundNoteTests.swift — what came back for a job is kept in its record, in both encoders' bytes, and read back.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuSpool

final class InboundNoteTests: XCTestCase {
    let start = Date(timeIntervalSince1970: 1_795_262_700)

    func testNotesRoundTripAndBothEncodersAgree() throws {
        var record = JobRecord(id: "j1", job: ["kind": "password_reset", "to": "a@example.jp"], receivedAt: start)
        XCTAssertFalse(String(decoding: record.encoded(), as: UTF8.self).contains("inbound"), "no member when nothing came back")
        record.inbound = [
            InboundNote(
                at: start.addingTimeInterval(0.7), kind: "delayed", hard: false, status: "4.4.1", reason: "expired", verified: true,
                message: "m1"),
            InboundNote(
                at: start.addingTimeInterval(60), kind: "bounce", hard: true, status: "5.1.1", reason: "userunknown", verified: true,
                message: "m2"),
        ]
        XCTAssertEqual(record.encoded(), record.encodedThroughValue())
        let object = try XCTUnwrap(try JSONValue.parse(record.encoded()).objectValue)
        let decoded = JobRecord.decode(id: "j1", object: object, now: start)
        XCTAssertEqual(decoded.inbound, record.inbound)
        XCTAssertTrue(decoded.bounced)
    }

    func testOnlyAVerifiedHardBounceMakesAJobBounced() {
        var record = JobRecord(id: "j2", job: [:], receivedAt: start)
        for (kind, hard, verified) in [
            ("bounce", true, false), ("bounce", false, true), ("complaint", true, true), ("auto_reply", false, true),
        ] {
            record.inbound = [InboundNote(at: start, kind: kind, hard: hard, status: nil, reason: "x", verified: verified, message: "m")]
            XCTAssertFalse(record.bounced, "\(kind) hard=\(hard) verified=\(verified)")
        }
    }

    func testADamagedNoteIsDroppedNotFatal() throws {
        let object = try XCTUnwrap(
            try JSONValue.parse(
                Data(
                    #"{"record_version":1,"id":"j","job":{},"received_at":"2026-11-20T10:05:00Z","inbound":[7,{"kind":"bounce"},{"kind":"bounce","message":"m","hard":true,"verified":true}]}"#
                        .utf8)
            ).objectValue)
        let record = JobRecord.decode(id: "j", object: object, now: start)
        XCTAssertEqual(record.inbound.count, 1)
        XCTAssertTrue(record.bounced)
    }
}
