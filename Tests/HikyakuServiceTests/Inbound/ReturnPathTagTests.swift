// ReturnPathTagTests.swift — VERP tags: made within 64 octets, verified only for their job, recipient, day and key.
import Foundation
import HikyakuBase
import HikyakuTokens
import XCTest

@testable import HikyakuService

final class ReturnPathTagTests: XCTestCase {
    static let secret = try! ServerSecret(bytes: Array(0..<32))
    let key = ReturnPathKey(secret: ReturnPathTagTests.secret)
    var keys: ReturnPathKeys { ReturnPathKeys(current: key) }
    /// 2026-12-02 01:12:02 UTC.
    let sent = Date(timeIntervalSince1970: 1_796_173_922)
    let job = "01JB7Q3ZK4RZ8M2V6T3WQ9XHNA"
    var messageID: String { "\(job).5f1c2e8a9b3d4c71@portal.example.jp" }

    func sender(
        job: String? = nil, to recipient: String = "taro@example.jp", returnPath: String = "bounces@bounce.portal.example.jp",
        on date: Date? = nil, key: ReturnPathKey? = nil
    ) -> String {
        let id = job ?? self.job
        return ReturnPathTag.envelopeSender(
            returnPath: returnPath, jobID: id, messageID: "\(id).5f1c2e8a9b3d4c71@portal.example.jp", recipient: recipient,
            on: date ?? sent, key: key ?? self.key)
    }

    func verify(
        _ address: String, _ recipients: [String] = ["taro@example.jp"], messageID: String? = nil, keys: ReturnPathKeys? = nil,
        at date: Date? = nil
    ) -> TagVerdict {
        ReturnPathTag.verify(address: address, recipients: recipients, messageID: messageID, keys: keys ?? self.keys, now: date ?? sent)
    }

    func local(_ address: String) -> Substring { address[..<address.lastIndex(of: "@")!] }

    func testRoundTripCarriesTheJobInASafeLowerCaseTag() {
        let address = sender()
        XCTAssertTrue(address.hasPrefix("bounces+j\(key.idCharacter)"), address)
        XCTAssertTrue(address.hasSuffix("@bounce.portal.example.jp"), address)
        XCTAssertLessThanOrEqual(local(address).utf8.count, 64)
        let tag = local(address).dropFirst("bounces+".count)
        XCTAssertFalse(tag.contains("+"))
        XCTAssertTrue(tag.allSatisfy { "abcdefghijklmnopqrstuvwxyz0123456789-_.".contains($0) }, String(tag))
        XCTAssertEqual(verify(address), TagVerdict(present: true, valid: true, jobID: job))
        XCTAssertEqual(verify("<\(address)>").jobID, job, "angle brackets as in a Return-Path")
        XCTAssertEqual(sender(), address, "the same attempt day gives the same sender")
    }

    func testTheFormatIsPinned() {
        // The example of docs/inbound.md: the same secret, job, recipient and day give this sender.
        XCTAssertEqual(sender(), "bounces+jmaujvtwwb5gtc5g7a5mgd01jb7q3zk4rz8m2v6t3wq9xhna.777q@bounce.portal.example.jp")
        XCTAssertEqual(ReturnPathTag.base32([0xFF, 0x00]), "74aa")
        XCTAssertEqual(ReturnPathTag.encodeDay(ReturnPathTag.day(of: sent)), "aujv")
    }

    func testJobIDsOfEveryCaseComeBackExactly() {
        for id in ["a", "ABC", "aBc-_XyZ", "12345", "0123456789-abcdefghij_KLMNOP", "Zz", "x-y_z-A"] {
            let address = sender(job: id)
            XCTAssertTrue(address.hasPrefix("bounces+j"), "\(id): \(address)")
            XCTAssertEqual(verify(address), TagVerdict(present: true, valid: true, jobID: id), address)
        }
    }

    func testAnMTAThatChangesTheCaseOfTheLocalPartChangesNothing() {
        let address = sender()
        XCTAssertEqual(verify(address.lowercased()).jobID, job)
        XCTAssertEqual(verify(address.uppercased()).jobID, job)
        XCTAssertEqual(verify(address, ["Taro@EXAMPLE.JP"]).jobID, job, "recipients compare without case")
    }

    func testTheRecipientIsBoundInItsNormalForm() {
        let address = sender(to: "hanako@例え.jp")
        XCTAssertTrue(verify(address, ["hanako@xn--r8jz45g.jp"]).valid)
        XCTAssertTrue(verify(address, ["<Hanako@例え.JP>"]).valid)
        XCTAssertEqual(ReturnPathTag.normalized(" <Taro@Example.JP.> "), "taro@example.jp")
    }

    func testAnotherRecipientDoesNotVerify() {
        let address = sender()
        XCTAssertEqual(verify(address, ["jiro@example.jp"]), TagVerdict(present: true, valid: false, jobID: nil))
        XCTAssertEqual(verify(address, []).valid, false)
        XCTAssertTrue(verify(address, ["jiro@example.jp", "taro@example.jp"]).valid, "any reported recipient may match")
    }

    func testTagsAreAcceptedFromTheirDayForThirtyDaysAndOneDayAhead() {
        let address = sender()
        let day = 86400.0
        XCTAssertTrue(verify(address, at: sent.addingTimeInterval(30 * day)).valid)
        XCTAssertFalse(verify(address, at: sent.addingTimeInterval(31 * day)).valid)
        XCTAssertTrue(verify(address, at: sent.addingTimeInterval(-1 * day)).valid)
        XCTAssertFalse(verify(address, at: sent.addingTimeInterval(-2 * day)).valid)
        XCTAssertNotEqual(sender(on: sent.addingTimeInterval(day)), address, "another day, another tag")
    }

    func testAnyTamperedCharacterIsInvalid() {
        let address = sender()
        let tag = Array(local(address).dropFirst("bounces+".count))
        for index in tag.indices {
            var changed = tag
            changed[index] = changed[index] == "a" ? "b" : "a"
            let forged = "bounces+" + String(changed) + "@bounce.portal.example.jp"
            XCTAssertFalse(verify(forged).valid, "position \(index): \(forged)")
        }
        XCTAssertFalse(verify(address.replacingOccurrences(of: "+", with: "-")).present)
        XCTAssertFalse(verify("bounces+@bounce.portal.example.jp").present)
        XCTAssertFalse(verify("bounces+" + String(tag) + "x@bounce.portal.example.jp").valid)
        XCTAssertFalse(verify("bounces+" + String(tag.dropLast()) + "@bounce.portal.example.jp").valid)
    }

    func testAnotherSecretsTagVerifiesOnlyWhileThatSecretIsKept() throws {
        // Two secrets whose key ids differ (one in 32 pairs shares an id).
        var bytes = Array(UInt8(0)..<32)
        var other = key
        while other.id == key.id {
            bytes[0] &+= 1
            other = ReturnPathKey(secret: try ServerSecret(bytes: bytes))
        }
        let old = sender(key: other)
        XCTAssertFalse(verify(old).valid, "unknown key id")
        XCTAssertTrue(verify(old, keys: ReturnPathKeys(current: key, previous: [other])).valid, "the previous secret, still kept")
        XCTAssertTrue(verify(sender(), keys: ReturnPathKeys(current: other, previous: [key])).valid)
        // The same MAC under another id is refused.
        let index = old.index(old.startIndex, offsetBy: "bounces+j".count)
        let renamed = old.replacingCharacters(in: index...index, with: key.idCharacter)
        XCTAssertFalse(verify(renamed).valid)
    }

    func testALongJobIDFallsBackToTheMessageID() {
        let long = String(repeating: "Ab3-", count: 16)
        let address = sender(job: long)
        XCTAssertLessThanOrEqual(local(address).utf8.count, 64)
        XCTAssertTrue(address.hasPrefix("bounces+m"), address)
        let id = "\(long).5f1c2e8a9b3d4c71@portal.example.jp"
        XCTAssertEqual(verify(address, messageID: id), TagVerdict(present: true, valid: true, jobID: long))
        XCTAssertFalse(verify(address).valid, "without the returned Message-ID")
        XCTAssertFalse(verify(address, messageID: "\(job).5f1c2e8a9b3d4c71@portal.example.jp").valid)
        XCTAssertFalse(verify(address, ["jiro@example.jp"], messageID: id).valid)
    }

    func testTheLocalPartNeverExceeds64Octets() {
        let returnPath = String(repeating: "b", count: ReturnPathTag.maximumLocalPartOctets) + "@bounce.example.jp"
        for id in ["a", job, String(repeating: "z", count: 20), String(repeating: "Q", count: 64)] {
            let address = sender(job: id, returnPath: returnPath)
            XCTAssertLessThanOrEqual(local(address).utf8.count, 64, address)
            XCTAssertTrue(verify(address, messageID: "\(id).5f1c2e8a9b3d4c71@portal.example.jp").valid, address)
        }
        // Exactly what fits keeps the job-id form.
        let room = 64 - "bounces+".count - ReturnPathTag.fixedLength
        XCTAssertTrue(sender(job: String(repeating: "7", count: room)).hasPrefix("bounces+j"))
        XCTAssertTrue(sender(job: String(repeating: "7", count: room + 1)).hasPrefix("bounces+m"))
        let tooLong = String(repeating: "b", count: ReturnPathTag.maximumLocalPartOctets + 1) + "@bounce.example.jp"
        XCTAssertEqual(sender(returnPath: tooLong), tooLong, "no tag rather than a local part over 64 octets")
    }

    func testOnlyCanonicalJobEncodingsParse() {
        XCTAssertEqual(ReturnPathTag.encodeJob("aBc"), "abc.i")
        XCTAssertEqual(ReturnPathTag.decodeJob(Array("abc.i".utf8)), "aBc")
        for payload in ["abc.a", "abc.", "abc.ia", "abc.j", "ab.c.i", "", "ab+c", "ab.c", "Abc"] {
            XCTAssertNil(ReturnPathTag.decodeJob(Array(payload.utf8)), payload)
        }
        XCTAssertNil(ReturnPathTag.encodeJob("bad id"))
    }
}
