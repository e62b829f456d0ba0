// InboundTagTests.swift — the classifier's `tag`: valid only for a bounce that reports the recipient the tag was made for.
import Foundation
import HikyakuBase
import HikyakuTokens
import XCTest

@testable import HikyakuService

final class InboundTagTests: XCTestCase {
    let keys = ReturnPathKeys(current: ReturnPathKey(secret: try! ServerSecret(bytes: Array(100..<132))))
    let sent = Date(timeIntervalSince1970: 1_796_173_922)
    let job = "01JB7Q3ZK4RZ8M2V6T3WQ9XHNA"

    /// The DSN template with its placeholders filled.
    func dsn(sender: String, recipient: String, original: String? = nil, messageID: String) throws -> [UInt8] {
        let template = InboundFixtureTests.fixtures.appendingPathComponent("verp/postfix-dsn.eml.template")
        let text = try String(contentsOf: template, encoding: .utf8)
            .replacingOccurrences(of: "@SENDER@", with: sender)
            .replacingOccurrences(of: "@ORIGINAL_RECIPIENT@", with: original ?? recipient)
            .replacingOccurrences(of: "@RECIPIENT@", with: recipient)
            .replacingOccurrences(of: "@MESSAGE_ID@", with: messageID)
        return Array(text.utf8)
    }

    func sender(job: String, to recipient: String) -> String {
        ReturnPathTag.envelopeSender(
            returnPath: "bounces@bounce.portal.example.jp", jobID: job, messageID: "\(job).5f1c2e8a9b3d4c71@portal.example.jp",
            recipient: recipient, on: sent, key: keys.current)
    }

    func testABounceForTheTaggedRecipientIsValidAndNamesTheJob() throws {
        let bytes = try dsn(
            sender: sender(job: job, to: "nobody@example.com"), recipient: "nobody@example.com",
            messageID: "\(job).5f1c2e8a9b3d4c71@portal.example.jp")
        let report = try InboundClassifier.classify(bytes, keys: keys, now: sent.addingTimeInterval(600))
        XCTAssertEqual(report.tag, TagVerdict(present: true, valid: true, jobID: job))
        let json = report.json.objectValue?["tag"]
        XCTAssertEqual(json, .object(["present": .bool(true), "valid": .bool(true), "job": .string(job)]))
        XCTAssertEqual(report.recipients.first?.hard, true, "classification unchanged")

        XCTAssertEqual(try InboundClassifier.classify(bytes, keys: nil, now: sent).tag, TagVerdict(present: true))
        XCTAssertEqual(try InboundClassifier.classify(bytes).tag, TagVerdict(present: true), "no keys, never valid")
    }

    func testABounceForAnotherRecipientOrATamperedTagIsNotValid() throws {
        let messageID = "\(job).5f1c2e8a9b3d4c71@portal.example.jp"
        let other = try dsn(sender: sender(job: job, to: "taro@example.jp"), recipient: "nobody@example.com", messageID: messageID)
        XCTAssertEqual(try InboundClassifier.classify(other, keys: keys, now: sent).tag, TagVerdict(present: true))

        var tampered = sender(job: job, to: "nobody@example.com")
        tampered = tampered.replacingOccurrences(of: "01jb7q", with: "01jb7r")
        let forged = try dsn(sender: tampered, recipient: "nobody@example.com", messageID: messageID)
        XCTAssertEqual(try InboundClassifier.classify(forged, keys: keys, now: sent).tag, TagVerdict(present: true))
    }

    func testTheOriginalRecipientVerifiesWhenForwardingChangedTheFinalOne() throws {
        let bytes = try dsn(
            sender: sender(job: job, to: "taro@example.jp"), recipient: "taro.forwarded@example.net", original: "taro@example.jp",
            messageID: "\(job).5f1c2e8a9b3d4c71@portal.example.jp")
        XCTAssertEqual(try InboundClassifier.classify(bytes, keys: keys, now: sent).tag.jobID, job)
    }

    func testTheMessageIDFormVerifiesAgainstTheReturnedMessageID() throws {
        let long = String(repeating: "Long-Job-", count: 7)
        let address = sender(job: long, to: "nobody@example.com")
        XCTAssertTrue(address.hasPrefix("bounces+m"), address)
        let bytes = try dsn(sender: address, recipient: "nobody@example.com", messageID: "\(long).5f1c2e8a9b3d4c71@portal.example.jp")
        XCTAssertEqual(
            try InboundClassifier.classify(bytes, keys: keys, now: sent).tag, TagVerdict(present: true, valid: true, jobID: long))
        let swapped = try dsn(sender: address, recipient: "nobody@example.com", messageID: "\(job).5f1c2e8a9b3d4c71@portal.example.jp")
        XCTAssertFalse(try InboundClassifier.classify(swapped, keys: keys, now: sent).tag.valid)
    }
}
