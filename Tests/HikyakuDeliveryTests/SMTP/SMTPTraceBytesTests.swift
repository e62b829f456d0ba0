// SMTPTraceBytesTests.swift — libcurl's debug chunks read as bytes: line breaks, multi-line replies, odd lines.
import XCTest
@testable import HikyakuDelivery

final class SMTPTraceBytesTests: XCTestCase {
    /// Feeds `text` as one debug chunk.
    func record(_ text: String, outgoing: Bool, into trace: inout SMTPTrace) {
        Array(text.utf8).withUnsafeBytes { trace.record(chunk: $0, outgoing: outgoing) }
    }

    func testChunksWithCRLFAndBareLFDriveTheSameTransaction() {
        for newline in ["\r\n", "\n"] {
            var trace = SMTPTrace()
            record("220 sink ESMTP" + newline, outgoing: false, into: &trace)
            XCTAssertEqual(trace.phase, .greeting)
            record("ehlo hikyaku.test" + newline, outgoing: true, into: &trace)
            XCTAssertEqual(trace.phase, .ehlo, "verbs are compared ignoring case")
            XCTAssertFalse(trace.replied)
            record("250-sink" + newline + "250-PIPELINING" + newline + "250 8BITMIME" + newline, outgoing: false, into: &trace)
            XCTAssertTrue(trace.replied)
            XCTAssertEqual(trace.lastCode, 250)
            XCTAssertEqual(trace.lastReply, "250-sink / 250-PIPELINING / 250 8BITMIME")
            record("MAIL FROM:<a@example.jp>" + newline, outgoing: true, into: &trace)
            XCTAssertEqual(trace.phase, .mail)
            record("250 2.1.0 Ok" + newline, outgoing: false, into: &trace)
            record("Rcpt TO:<b@example.jp>" + newline, outgoing: true, into: &trace)
            XCTAssertEqual(trace.phase, .rcpt)
            record("550 5.1.1 <b@example.jp>: unknown" + newline, outgoing: false, into: &trace)
            XCTAssertEqual(trace.lastCode, 550)
            XCTAssertEqual(trace.lastReply, "550 5.1.1 <b@example.jp>: unknown")
            record("RSET" + newline, outgoing: true, into: &trace)
            record("250 2.0.0 Ok" + newline, outgoing: false, into: &trace)
            XCTAssertEqual(trace.lastCode, 550, "the reply to RSET is not the message's")
            XCTAssertEqual(trace.phase, .rcpt)
        }
    }

    func testAMultiLineReplySplitOverChunksIsJoined() {
        var trace = SMTPTrace()
        record("EHLO x\r\n", outgoing: true, into: &trace)
        record("250-first\r\n", outgoing: false, into: &trace)
        XCTAssertFalse(trace.replied, "a \"250-\" line continues the reply")
        record("250-second\r\n", outgoing: false, into: &trace)
        record("250\r\n", outgoing: false, into: &trace)
        XCTAssertTrue(trace.replied, "a bare code ends the reply")
        XCTAssertEqual(trace.lastReply, "250-first / 250-second / 250")
    }

    func testLinesThatAreNotRepliesAreIgnored() {
        var trace = SMTPTrace()
        record("MAIL FROM:<a@example.jp>\r\n", outgoing: true, into: &trace)
        for line in [
            "25\r\n", "2\r\n", "\r\n", "\n", "", "2x0 nope\r\n", "+25 sign\r\n", "-25 sign\r\n", " 250 indented\r\n",
            "２５０ fullwidth\r\n",
        ] {
            record(line, outgoing: false, into: &trace)
            XCTAssertFalse(trace.replied, "\(line.debugDescription) is not a reply line")
            XCTAssertEqual(trace.lastCode, 0)
        }
        record("\r\n250 ok\r\n\r\n", outgoing: false, into: &trace)
        XCTAssertTrue(trace.replied, "empty lines around a reply are skipped")
        XCTAssertEqual(trace.lastReply, "250 ok")
    }

    func testRepliesKeepTheirTextAndLoseOnlyLineBreaks() {
        var trace = SMTPTrace()
        record("DATA\r\n", outgoing: true, into: &trace)
        record("451 4.3.0 temporary failure\u{0B} \r\r\n", outgoing: false, into: &trace)
        XCTAssertEqual(trace.lastReply, "451 4.3.0 temporary failure\u{0B} ", "white space other than line breaks at the end stays")
        record("RCPT TO:<b@example.jp>\r\n", outgoing: true, into: &trace)
        // A byte that is not UTF-8 (0xFF), as a relay might send.
        (Array("550 5.7.1 拒否 ".utf8) + [0xFF, 0x0D, 0x0A]).withUnsafeBytes { trace.record(chunk: $0, outgoing: false) }
        XCTAssertEqual(trace.lastCode, 550)
        XCTAssertEqual(trace.lastReply, "550 5.7.1 拒否 \u{FFFD}", "invalid UTF-8 is repaired, as String(decoding:) does")
    }

    func testVerbsAreMatchedWholeAndCaseInsensitively() {
        var trace = SMTPTrace()
        record("MAIL FROM:<a@example.jp>\r\n", outgoing: true, into: &trace)
        for line in ["DATAX\r\n", "DAT\r\n", "D@TA\r\n", "dAtA\r\n"] {
            record(line, outgoing: true, into: &trace)
        }
        XCTAssertEqual(trace.phase, .data)
        record("HELO\r\n", outgoing: true, into: &trace)
        XCTAssertEqual(trace.phase, .ehlo)
        record("starttls\n", outgoing: true, into: &trace)
        XCTAssertEqual(trace.phase, .starttls)
        record("AUTH PLAIN c2VjcmV0\r\n", outgoing: true, into: &trace)
        XCTAssertEqual(trace.phase, .auth)
        record("noop\r\n", outgoing: true, into: &trace)
        record("250 ok\r\n", outgoing: false, into: &trace)
        XCTAssertFalse(trace.replied, "the reply to NOOP is housekeeping")
        XCTAssertNil(SMTPVerb(Array("MAILX".utf8)))
        XCTAssertNil(SMTPVerb(Array("".utf8)))
        XCTAssertNil(SMTPVerb(Array("M\u{C1}IL".utf8)), "non-ASCII bytes never match a letter")
        XCTAssertEqual(SMTPVerb(Array("rcpt".utf8)), .rcpt)
    }

    func testByteAndStringEntryPointsAgree() {
        let steps: [(Bool, String)] = [
            (false, "220 sink\r\n"), (true, "EHLO a\r\n"), (false, "250-a\r\n"), (false, "250 b\r\n"),
            (true, "MAIL FROM:<a@b>\r\n"), (false, "250 ok\r\n"), (true, "DATA\r\n"), (false, "354 go\r\n"),
        ]
        var byString = SMTPTrace()
        var byChunk = SMTPTrace()
        for (outgoing, line) in steps {
            if outgoing { byString.commandSent(line) } else { byString.replyReceived(line) }
            record(line, outgoing: outgoing, into: &byChunk)
            XCTAssertEqual(byString.phase, byChunk.phase)
            XCTAssertEqual(byString.lastCode, byChunk.lastCode)
            XCTAssertEqual(byString.lastReply, byChunk.lastReply)
            XCTAssertEqual(byString.replied, byChunk.replied)
        }
    }
}
