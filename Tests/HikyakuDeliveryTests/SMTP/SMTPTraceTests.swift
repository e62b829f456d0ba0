// SMTPTraceTests.swift — the trace reads commands as libcurl logs them: with CRLF, bare verbs included.
import XCTest
@testable import HikyakuDelivery

final class SMTPTraceTests: XCTestCase {
    func testBareVerbsWithCRLFChangeThePhase() {
        var trace = SMTPTrace()
        trace.replyReceived("220 sink ESMTP\r\n")
        trace.commandSent("EHLO hikyaku.test\r\n")
        trace.replyReceived("250 8BITMIME\r\n")
        trace.commandSent("MAIL FROM:<a@example.jp>\r\n")
        XCTAssertEqual(trace.phase, .mail)
        trace.replyReceived("250 2.1.0 Ok\r\n")
        trace.commandSent("RCPT TO:<b@example.jp>\r\n")
        trace.replyReceived("250 2.1.5 Ok\r\n")
        trace.commandSent("DATA\r\n")
        XCTAssertEqual(trace.phase, .data, "\"DATA\\r\\n\" is a DATA command")
        trace.replyReceived("354 End data with <CR><LF>.<CR><LF>\r\n")
        trace.bodyFinished()
        XCTAssertEqual(trace.phase, .dot)
        XCTAssertFalse(trace.replied)
        let lost = ReplyClassifier.classify(curlCode: 56, curlMessage: "curl 56: response reading failed", responseCode: 354, trace: trace)
        XCTAssertEqual(lost.outcome, .deferred)
        XCTAssertTrue(lost.possibleDuplicate, "a reply lost after the final \".\" is a possible duplicate")
        XCTAssertEqual(lost.phase, .dot)
    }

    func testHousekeepingVerbsWithCRLFAreNotPartOfTheMessage() {
        var trace = SMTPTrace()
        trace.commandSent("MAIL FROM:<a@example.jp>\r\n")
        trace.replyReceived("250 ok\r\n")
        trace.commandSent("RCPT TO:<b@example.jp>\r\n")
        trace.replyReceived("450 4.1.1 mailbox busy\r\n")
        trace.commandSent("RSET\r\n")
        trace.replyReceived("250 2.0.0 Ok\r\n")
        trace.commandSent("QUIT\r\n")
        trace.replyReceived("221 2.0.0 Bye\r\n")
        XCTAssertEqual(trace.phase, .rcpt)
        XCTAssertTrue(trace.replied)
        XCTAssertEqual(trace.lastCode, 450, "the reply to QUIT is not the message's reply")
        XCTAssertEqual(trace.lastReply, "450 4.1.1 mailbox busy")
    }
}
