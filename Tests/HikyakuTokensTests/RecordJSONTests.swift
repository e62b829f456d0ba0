// RecordJSONTests.swift — hand-written state records are byte for byte what JSONEncoder writes.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

final class RecordJSONTests: XCTestCase {
    let start = TokenTestSupport.start
    /// Strings an encoder might treat differently: non-ASCII, "/", quotes, backslashes, controls.
    let awkward = [
        "sanka1@example.co.jp", "山田.太郎@例え.jp", "a/b@example.jp", "quote\"back\\slash",
        "tab\tnl\ncr\rff\u{0C}bs\u{08}nul\u{00}us\u{1F}del\u{7F}", "ls\u{2028}ps\u{2029}emoji👍é",
    ]

    /// The hand-written bytes exist (no fall-back) and equal the encoder's.
    func assertSameBytes<T: Encodable & HandEncodedRecord>(_ record: T, file: StaticString = #filePath, line: UInt = #line) {
        let hand = record.handEncoded()
        XCTAssertNotNil(hand, "written by hand, not by the fall-back", file: file, line: line)
        let reference = TokenJSON.encodeWithFoundation(record)
        XCTAssertEqual(hand.map { $0 + [0x0a] }, reference, file: file, line: line)
        XCTAssertEqual(TokenJSON.encodeRecord(record), reference, file: file, line: line)
        XCTAssertEqual(reference.last, 0x0a)
    }

    func testTokenRecordsMatchTheEncoder() {
        var record = TokenRecord(
            purpose: .passwordReset, loginID: "sanka1", emails: ["sanka1@example.co.jp"],
            issuedAt: start, expiresAt: start + 3600, status: .active, jobID: "7f3a")
        assertSameBytes(record)
        XCTAssertTrue(record.close(as: .used, at: start + 60))
        assertSameBytes(record)
        for (index, text) in awkward.enumerated() {
            let other = TokenRecord(
                purpose: .emailChange, loginID: text, emails: [text, "b/c@example.jp"] + awkward,
                issuedAt: start + Double(index), expiresAt: start + 86_400 * 400,
                status: .superseded, jobID: "job/\(text)", closedAt: start + 1)
            assertSameBytes(other)
        }
        assertSameBytes(
            TokenRecord(
                purpose: .emailChange, loginID: "", emails: [], issuedAt: Date(timeIntervalSince1970: 0),
                expiresAt: Date(timeIntervalSince1970: 253_402_300_799), status: .revoked, jobID: ""))
    }

    func testATokenRecordNamingItsDigestMatchesTheEncoder() {
        var record = TokenRecord(
            purpose: .passwordReset, loginID: "sanka1", emails: ["sanka1@example.co.jp"], issuedAt: start, expiresAt: start + 3600,
            status: .active, jobID: "7f3a")
        record.digest = String(repeating: "0f", count: 32)
        assertSameBytes(record)
        XCTAssertTrue(String(decoding: TokenJSON.encodeRecord(record), as: UTF8.self).contains(#""closed_at""#) == false)
        XCTAssertTrue(String(decoding: TokenJSON.encodeRecord(record), as: UTF8.self).hasPrefix(#"{"digest":"0f0f"#))
    }

    func testOTPRecordsMatchTheEncoder() {
        assertSameBytes(OTPRecord(loginID: "sanka1", updatedAt: start))
        for text in awkward {
            let past = (0..<3).map { OTPRecord.Past(issue: "\(text)\($0)", issuedAt: start + Double($0), expiresAt: start + 600) }
            let full = OTPRecord(
                loginID: text, digest: "d/" + text, issue: text, issuedAt: start, expiresAt: start + 600,
                usedAt: start + 30, jobID: text, failedAttempts: 3, locked: true, lockedAt: start + 20,
                updatedAt: start + 30, previous: past)
            assertSameBytes(full)
        }
    }

    func testDatesTheWriterIsNotSureOfFallBackToTheEncoder() {
        let fractional = TokenRecord(
            purpose: .passwordReset, loginID: "a", emails: ["a@example.jp"], issuedAt: start + 0.25,
            expiresAt: start + 3600, status: .active, jobID: "j")
        XCTAssertNil(fractional.handEncoded())
        XCTAssertEqual(TokenJSON.encodeRecord(fractional), TokenJSON.encodeWithFoundation(fractional))
        let early = OTPRecord(
            loginID: "a", updatedAt: start,
            previous: [.init(issue: "i", issuedAt: Date(timeIntervalSince1970: -1), expiresAt: start)])
        XCTAssertNil(early.handEncoded(), "a nested record's date counts too")
        XCTAssertEqual(TokenJSON.encodeRecord(early), TokenJSON.encodeWithFoundation(early))
    }

    func testRecordsRoundTrip() throws {
        let record = OTPRecord(
            loginID: "山田", digest: "ab", updatedAt: start,
            previous: [.init(issue: "i", issuedAt: start, expiresAt: start + 60)])
        let decoded = try TokenJSON.decodeRecord(OTPRecord.self, from: TokenJSON.encodeRecord(record), path: "x")
        XCTAssertEqual(decoded, record)
    }
}
