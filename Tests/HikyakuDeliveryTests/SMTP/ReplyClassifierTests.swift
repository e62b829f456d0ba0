// ReplyClassifierTests.swift — every relay behaviour from the libcurl notes maps to the right outcome.
import XCTest
@testable import HikyakuDelivery

final class ReplyClassifierTests: XCTestCase {
    func trace(_ steps: [(Bool, String)], bodyDone: Bool = false) -> SMTPTrace {
        var trace = SMTPTrace()
        for (isCommand, line) in steps {
            if isCommand { trace.commandSent(line) } else { trace.replyReceived(line) }
        }
        if bodyDone { trace.bodyFinished() }
        return trace
    }

    let upToData: [(Bool, String)] = [
        (false, "220 sink ESMTP"), (true, "EHLO hikyaku.test"), (false, "250-sink"), (false, "250 8BITMIME"),
        (true, "MAIL FROM:<a@example.jp>"), (false, "250 2.1.0 Ok"), (true, "RCPT TO:<b@example.jp>"),
        (false, "250 2.1.5 Ok"), (true, "DATA"), (false, "354 End data with <CR><LF>.<CR><LF>"),
    ]

    func testAcceptedIsSent() {
        let t = trace(upToData + [], bodyDone: true)
        var done = t
        done.replyReceived("250 2.0.0 Ok: queued")
        let result = ReplyClassifier.classify(curlCode: 0, curlMessage: "", responseCode: 250, trace: done)
        XCTAssertEqual(result.outcome, .sent)
        XCTAssertEqual(result.code, 250)
    }

    func testTransientRcptRejectIsDeferred() {
        let t = trace([
            (false, "220 x"), (true, "EHLO h"), (false, "250 x"), (true, "MAIL FROM:<a@x.jp>"), (false, "250 ok"),
            (true, "RCPT TO:<b@x.jp>"), (false, "450 4.1.1 Error: command rejected"),
        ])
        let result = ReplyClassifier.classify(curlCode: 55, curlMessage: "RCPT failed: 450", responseCode: 450, trace: t)
        XCTAssertEqual(result.outcome, .deferred)
        XCTAssertEqual(result.code, 450)
        XCTAssertEqual(result.phase, .rcpt)
        XCTAssertEqual(result.reply, "450 4.1.1 Error: command rejected")
    }

    func testPermanentRejectAfterDotIsFailed() {
        var t = trace(upToData, bodyDone: true)
        t.replyReceived("550 5.7.1 rejected")
        let result = ReplyClassifier.classify(curlCode: 8, curlMessage: "", responseCode: 550, trace: t)
        XCTAssertEqual(result.outcome, .failed)
        XCTAssertEqual(result.phase, .dot)
        XCTAssertFalse(result.possibleDuplicate)
    }

    func testPermanentGreetingRejectIsAboutTheRelayAndDefers() {
        let t = trace([(false, "554 5.7.1 go away")])
        let result = ReplyClassifier.classify(curlCode: 8, curlMessage: "", responseCode: 554, trace: t)
        XCTAssertEqual(result.outcome, .deferred)
        XCTAssertEqual(result.phase, .greeting)
    }

    func testDisconnectAfterDotWithStaleResponseCodeIsAPossibleDuplicate() {
        // libcurl still reports 354 here: the code is stale and must not be trusted.
        let t = trace(upToData, bodyDone: true)
        let result = ReplyClassifier.classify(curlCode: 56, curlMessage: "curl 56: connection lost", responseCode: 354, trace: t)
        XCTAssertEqual(result.outcome, .deferred)
        XCTAssertTrue(result.possibleDuplicate)
        XCTAssertEqual(result.code, 0)
    }

    func testDisconnectBeforeDotIsNotADuplicate() {
        let t = trace([(false, "220 x"), (true, "EHLO h"), (false, "250 x"), (true, "MAIL FROM:<a@x.jp>")])
        let result = ReplyClassifier.classify(curlCode: 56, curlMessage: "lost", responseCode: 250, trace: t)
        XCTAssertEqual(result.outcome, .deferred)
        XCTAssertEqual(result.phase, .mail)
        XCTAssertFalse(result.possibleDuplicate)
        XCTAssertEqual(result.code, 0, "the 250 is stale: MAIL got no reply")
    }

    func testRefusedAndTimeout() {
        let refused = ReplyClassifier.classify(curlCode: 7, curlMessage: "refused", responseCode: 0, trace: SMTPTrace())
        XCTAssertEqual(refused.outcome, .deferred)
        XCTAssertEqual(refused.phase, .connect)
        let slow = ReplyClassifier.classify(curlCode: 28, curlMessage: "timeout", responseCode: 354, trace: trace(upToData, bodyDone: true))
        XCTAssertEqual(slow.outcome, .deferred)
        XCTAssertTrue(slow.possibleDuplicate)
    }

    func test421AndDisconnectDefers() {
        let t = trace([(false, "220 x"), (true, "EHLO h"), (false, "250 x"), (true, "MAIL FROM:<a@x.jp>"), (false, "421 4.4.2 bye")])
        let result = ReplyClassifier.classify(curlCode: 55, curlMessage: "", responseCode: 421, trace: t)
        XCTAssertEqual(result.outcome, .deferred)
        XCTAssertEqual(result.code, 421)
    }

    func testMultilineRepliesAndAuthLinesAreNotKept() {
        let t = trace([(false, "220 x"), (true, "AUTH PLAIN c2VjcmV0"), (false, "535-5.7.8 Authentication"), (false, "535 5.7.8 failed")])
        XCTAssertEqual(t.lastReply, "535-5.7.8 Authentication / 535 5.7.8 failed")
        XCTAssertEqual(t.phase, .auth)
        let result = ReplyClassifier.classify(curlCode: 67, curlMessage: "login denied", responseCode: 535, trace: t)
        XCTAssertEqual(result.outcome, .deferred, "a relay refusing our credentials is not the message's fault")
        XCTAssertFalse(result.reply.contains("c2VjcmV0"))
    }

    func testRequiredStartTLSNotOfferedDefersInTheStartTLSPhase() {
        // The EHLO's 250 is fresh but says nothing about this failure (curl 64, CURLE_USE_SSL_FAILED).
        let t = trace([(false, "220 sink ESMTP"), (true, "EHLO hikyaku.test"), (false, "250 8BITMIME")])
        let result = ReplyClassifier.classify(curlCode: 64, curlMessage: "curl 64: STARTTLS not supported.", responseCode: 250, trace: t)
        XCTAssertEqual(result.outcome, .deferred)
        XCTAssertEqual(result.phase, .starttls)
        XCTAssertEqual(result.code, 0)
        XCTAssertEqual(result.reply, "curl 64: STARTTLS not supported.")
    }

    func testRefusedCredentialsDeferWithTheReply() {
        let t = trace([
            (false, "220 relay"), (true, "EHLO h"), (false, "250 AUTH PLAIN LOGIN"), (true, "AUTH PLAIN"),
            (false, "334 "), (true, "AGh1c2VyAHNlY3JldA=="), (false, "535 5.7.8 Authentication credentials invalid"),
        ])
        let result = ReplyClassifier.classify(curlCode: 67, curlMessage: "curl 67: Login denied", responseCode: 535, trace: t)
        XCTAssertEqual(result.outcome, .deferred)
        XCTAssertEqual(result.phase, .auth)
        XCTAssertEqual(result.code, 535)
        XCTAssertEqual(result.reply, "535 5.7.8 Authentication credentials invalid")
    }

    func testABrokenPipeWhileWritingTheFinalDotIsDeferredAndNeverAPossibleDuplicate() {
        // The body was written, then writing "\r\n.\r\n" failed (curl 55): the message was never complete.
        let t = trace(upToData, bodyDone: true)
        let result = ReplyClassifier.classify(curlCode: 55, curlMessage: "curl 55: Send failure: Broken pipe", responseCode: 354, trace: t)
        XCTAssertEqual(result.outcome, .deferred)
        XCTAssertEqual(result.phase, .data)
        XCTAssertEqual(result.code, 0)
        XCTAssertFalse(result.possibleDuplicate)
    }

    func testARefusalReadAfterTheBrokenPipeFailsTheMessageWithTheRelaysReply() {
        // CurlTransport reads a reply left in the socket after a send failure into the trace.
        var t = trace(upToData, bodyDone: true)
        t.replyReceived("550 5.7.1 Message content rejected")
        let result = ReplyClassifier.classify(curlCode: 55, curlMessage: "curl 55: Send failure: Broken pipe", responseCode: 354, trace: t)
        XCTAssertEqual(result.outcome, .failed)
        XCTAssertEqual(result.code, 550)
        XCTAssertEqual(result.reply, "550 5.7.1 Message content rejected")
        XCTAssertEqual(result.phase, .data)
        XCTAssertFalse(result.possibleDuplicate)
    }

    func testAReplyLostAfterTheFinalDotWasWrittenIsStillAPossibleDuplicate() {
        let t = trace(upToData, bodyDone: true)
        let result = ReplyClassifier.classify(curlCode: 56, curlMessage: "curl 56: Recv failure", responseCode: 354, trace: t)
        XCTAssertEqual(result.outcome, .deferred)
        XCTAssertEqual(result.phase, .dot)
        XCTAssertTrue(result.possibleDuplicate)
    }
}
