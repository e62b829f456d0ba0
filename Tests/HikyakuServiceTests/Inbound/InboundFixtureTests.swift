// InboundFixtureTests.swift — each fixture in fixtures/inbound classifies as the MTA that wrote it meant.
import Foundation
import HikyakuBase
import XCTest

@testable import HikyakuService

final class InboundFixtureTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures/inbound")

    private func report(_ name: String) throws -> InboundReport {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
        return try InboundClassifier.classify([UInt8](data))
    }

    func testPostfixDSNUserUnknownIsHard() throws {
        let report = try report("postfix-dsn-5.1.1.eml")
        XCTAssertEqual(report.kind, .bounce)
        XCTAssertEqual(report.format, .rfc3464)
        XCTAssertTrue(report.tagPresent)
        XCTAssertEqual(report.originalMessageID, "01JB7Q3ZK4RZ8M2V6T3WQ9XHNA.5f1c2e8a9b3d4c71@portal.example.jp")
        XCTAssertEqual(report.originalJob, "01JB7Q3ZK4RZ8M2V6T3WQ9XHNA")
        let recipient = try XCTUnwrap(report.recipients.first)
        XCTAssertEqual(report.recipients.count, 1)
        XCTAssertEqual(recipient.address, "nobody@example.com")
        XCTAssertEqual(recipient.action, "failed")
        XCTAssertEqual(recipient.status, "5.1.1")
        XCTAssertEqual(recipient.replyCode, "550")
        XCTAssertEqual(recipient.reason, .userunknown)
        XCTAssertTrue(recipient.hard)
        XCTAssertEqual(recipient.remoteMTA, "mx.example.com")
        XCTAssertEqual(
            recipient.diagnostic,
            "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table")
    }

    func testDelayedDSNIsSoft() throws {
        let report = try report("postfix-delayed-4.4.1.eml")
        XCTAssertEqual(report.kind, .delayed)
        XCTAssertEqual(report.format, .rfc3464)
        XCTAssertEqual(report.recipients.map(\.status), ["4.4.1"])
        XCTAssertEqual(report.recipients.map(\.hard), [false])
        XCTAssertEqual(report.recipients.map(\.reason), [.expired])  // X.4.1 "no answer from host", as Sisimai names it
    }

    func testARFComplaint() throws {
        let report = try report("arf-abuse.eml")
        XCTAssertEqual(report.kind, .complaint)
        XCTAssertEqual(report.format, .arf)
        XCTAssertEqual(report.feedbackType, "abuse")
        XCTAssertTrue(report.tagPresent)
        XCTAssertEqual(report.originalJob, "01JB7S9X2M")
        XCTAssertEqual(report.recipients.map(\.address), ["user@example.com"])
        XCTAssertEqual(report.recipients.map(\.hard), [false])
    }

    func testJapaneseAutoReply() throws {
        let report = try report("auto-reply-ja.eml")
        XCTAssertEqual(report.kind, .autoReply)
        XCTAssertEqual(report.format, .rfc3834)
        XCTAssertEqual(report.recipients.map(\.address), ["tanaka@example.co.jp"])
        XCTAssertEqual(report.recipients.first?.diagnostic, "自動応答: 不在のご連絡")
        XCTAssertEqual(report.recipients.map(\.hard), [false])
    }

    func testQmailBounce() throws {
        let report = try report("qmail-bounce.eml")
        XCTAssertEqual(report.kind, .bounce)
        XCTAssertEqual(report.format, .text)
        XCTAssertEqual(report.recipients.map(\.address), ["gone@example.org"])
        XCTAssertEqual(report.recipients.map(\.status), ["5.1.1"])
        XCTAssertEqual(report.recipients.map(\.hard), [true])
        XCTAssertEqual(report.originalJob, "01JB7V5E6F7G8H9J")
        XCTAssertTrue(report.tagPresent)
    }

    func testEximMailboxFullIsSoft() throws {
        let report = try report("exim-bounce.eml")
        XCTAssertEqual(report.kind, .bounce)
        XCTAssertEqual(report.format, .text)
        let recipient = try XCTUnwrap(report.recipients.first)
        XCTAssertEqual(recipient.address, "full@example.net")
        XCTAssertEqual(recipient.reason, .mailboxfull)
        XCTAssertEqual(recipient.replyCode, "552")
        XCTAssertEqual(recipient.remoteMTA, "mx2.example.net")
        XCTAssertFalse(recipient.hard)
    }

    func testExchangeNDR() throws {
        let report = try report("exchange-ndr.eml")
        XCTAssertEqual(report.kind, .bounce)
        XCTAssertEqual(report.recipients.map(\.address), ["left.company@corp.example.com"])
        XCTAssertEqual(report.recipients.first?.status, "5.1.1")
        XCTAssertEqual(report.recipients.first?.replyCode, "550")
        XCTAssertEqual(report.recipients.first?.hard, true)
        XCTAssertEqual(report.originalJob, "01JB7X1Y2Z3A4B5C")
    }

    func testDocomoUnknownUserIsFilteredAndSoft() throws {
        let report = try report("docomo-unknown-user.eml")
        XCTAssertEqual(report.kind, .bounce)
        let recipient = try XCTUnwrap(report.recipients.first)
        XCTAssertEqual(recipient.reason, .filtered)
        XCTAssertFalse(recipient.hard)
        XCTAssertEqual(recipient.replyCode, "550")
    }

    func testGmailAndSendmailTextBounces() throws {
        let gmail = try report("gmail-address-not-found.eml")
        XCTAssertEqual(gmail.recipients.map(\.address), ["nosuchuser@gmail.com"])
        XCTAssertEqual(gmail.recipients.map(\.hard), [true])
        let sendmail = try report("sendmail-text.eml")
        XCTAssertEqual(sendmail.recipients.map(\.address), ["student@example.edu"])
        XCTAssertEqual(sendmail.recipients.map(\.reason), [.userunknown])
    }

    func testJSONShape() throws {
        let json = try report("postfix-dsn-5.1.1.eml").json
        XCTAssertEqual(json["version"], .int(1))
        XCTAssertEqual(json["tag"], .object(["present": .bool(true), "valid": .bool(false), "job": .null]))
        XCTAssertEqual(json["feedback_type"], .null)
        guard case .array(let recipients) = json["recipients"] else { return XCTFail("no recipients array") }
        XCTAssertEqual(
            recipients.first?.objectValue.map { Set($0.keys) },
            ["address", "action", "status", "reply_code", "hard", "reason", "remote_mta", "diagnostic"])
    }
}
