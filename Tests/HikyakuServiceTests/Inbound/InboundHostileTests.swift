// InboundHostileTests.swift — the inbound parser and classifier under hostile input: size, depth, boundaries, garbage.
import XCTest

@testable import HikyakuService

final class InboundHostileTests: XCTestCase {
    private func classify(_ text: String) throws -> InboundReport { try InboundClassifier.classify(Array(text.utf8)) }

    func testOversizeIsRefused() {
        let big = Array("Subject: x\n\n".utf8) + [UInt8](repeating: 0x41, count: InboundPart.maxSize)
        XCTAssertThrowsError(try InboundClassifier.classify(big)) { error in
            guard case InboundError.tooLarge = error else { return XCTFail("\(error)") }
        }
    }

    func testGarbageAndEmptyAreNotMail() {
        for input: [UInt8] in [[], [0x00, 0x01, 0xFF, 0x3A], Array("just some words\nno header".utf8), Array(": no name\n".utf8)] {
            XCTAssertThrowsError(try InboundClassifier.classify(input)) { error in
                if case InboundError.tooLarge = error { XCTFail("\(error)") }
            }
        }
    }

    func testDeepNestingStopsAtTheLimit() throws {
        var message = "Content-Type: text/plain\n\nbottom\n"
        for level in 0..<50 {
            message = "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n\(message)\n--b\(level)--\n"
        }
        let part = try InboundPart.parse(Array(("Subject: deep\n" + message).utf8))
        XCTAssertLessThanOrEqual(part.all.map(\.depth).max() ?? 0, InboundPart.maxDepth)
        XCTAssertEqual(try classify("Subject: deep\n" + message).kind, .other)
    }

    func testMultipartWithoutBoundaryReadsAsText() throws {
        let report = try classify(
            """
            From: MAILER-DAEMON@mx.example.net
            Subject: Undelivered Mail Returned to Sender
            Content-Type: multipart/report; report-type=delivery-status

            <gone@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 User unknown
            """)
        XCTAssertEqual(report.kind, .bounce)
        XCTAssertEqual(report.format, .text)
        XCTAssertEqual(report.recipients.map(\.address), ["gone@example.net"])
        XCTAssertEqual(report.recipients.map(\.remoteMTA), ["mx.example.net"])
    }

    func testManyPartsAndHugeHeadersStayBounded() throws {
        var message = "Subject: many\nContent-Type: multipart/mixed; boundary=z\n"
        message += String(repeating: "X-Filler: " + String(repeating: "a", count: 100) + "\n", count: 2000)
        message += "\n" + String(repeating: "--z\nContent-Type: text/plain\n\nhello\n", count: 2000) + "--z--\n"
        let part = try InboundPart.parse(Array(message.utf8))
        XCTAssertLessThanOrEqual(part.all.count, InboundPart.maxParts)
        XCTAssertLessThanOrEqual(part.headers.fields.count, InboundHeaders.maxFields)
        XCTAssertEqual(try classify(message).kind, .other)
    }

    func testUnknownUserAfterDataIsFiltered() throws {
        let report = try classify(
            """
            From: MAILER-DAEMON@mx.example.net
            Subject: Undelivered Mail Returned to Sender
            Content-Type: multipart/report; report-type=delivery-status; boundary=q

            --q
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; someone@ezweb.ne.jp
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 Unknown user (in reply to end of DATA command)
            --q--
            """)
        XCTAssertEqual(report.recipients.map(\.reason), [.filtered])
        XCTAssertEqual(report.recipients.map(\.hard), [false])
    }

    func testMixedRecipientsInOneDSN() throws {
        let report = try classify(
            """
            From: MAILER-DAEMON@mx.example.net
            Content-Type: multipart/report; report-type=delivery-status; boundary=q

            --q
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; full@example.net
            Action: failed
            Status: 5.0.0
            Diagnostic-Code: smtp; 550 Mailbox full

            Final-Recipient: rfc822; <late@example.net>
            Action: delayed
            Status: 4.4.7

            Final-Recipient: rfc822; nohost@example.invalid
            Action: failed
            Status: 5.4.4
            Diagnostic-Code: X-Postfix; Host or domain name not found
            --q--
            """)
        XCTAssertEqual(report.kind, .bounce)
        XCTAssertEqual(report.recipients.map(\.address), ["full@example.net", "late@example.net", "nohost@example.invalid"])
        XCTAssertEqual(report.recipients.map(\.reason), [.mailboxfull, .expired, .hostunknown])
        XCTAssertEqual(report.recipients.map(\.hard), [false, false, true])
    }

    func testJobFromMessageID() {
        XCTAssertEqual(InboundClassifier.job(fromMessageID: "job-1.a3f@portal.example.jp"), "job-1")
        XCTAssertNil(InboundClassifier.job(fromMessageID: "CAF=abc@mail.gmail.com"))
        XCTAssertNil(InboundClassifier.job(fromMessageID: "job 1.zz@portal.example.jp"))
    }
}
