// InboundPartTests.swift — a message parses the same with LF, CRLF or bare-CR line ends, and its 8-bit Japanese parts decode.
import Foundation
import XCTest

@testable import HikyakuService

final class InboundPartTests: XCTestCase {
    static let report = """
        From: MAILER-DAEMON@mail.example.net
        To: bounces@bounce.example.jp
        Subject: Undelivered Mail Returned to Sender
        Content-Type: multipart/report; report-type=delivery-status; boundary="B"

        --B
        Content-Type: text/plain; charset=us-ascii

        <gone@example.com>: host mx.example.com[192.0.2.25] said: 550 5.1.1 User
            unknown (in reply to RCPT TO command)

        --B
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mail.example.net

        Final-Recipient: rfc822; gone@example.com
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 User unknown

        --B--

        """

    /// Swift reads CRLF as one Character, so a split at LF alone would find no line at all.
    func testLineEndsDoNotChangeTheVerdict() throws {
        for ending in ["\n", "\r\n", "\r"] {
            let bytes = Array(Self.report.replacingOccurrences(of: "\n", with: ending).utf8)
            let report = try InboundClassifier.classify(bytes)
            XCTAssertEqual(report.kind, .bounce, "line end \(ending.debugDescription)")
            XCTAssertEqual(report.recipients.map(\.address), ["gone@example.com"], "line end \(ending.debugDescription)")
            XCTAssertEqual(report.recipients.map(\.hard), [true], "line end \(ending.debugDescription)")
        }
    }

    /// An 8-bit Shift_JIS part keeps its bytes until its charset decodes it, beside a UTF-8 header.
    func testEightBitShiftJISBesideUTF8() throws {
        let head = Array(
            """
            From: メール配信 <MAILER-DAEMON@gw.example.co.jp>
            Subject: 配信エラー
            Content-Type: multipart/mixed; boundary="B"

            --B
            Content-Type: text/plain; charset=Shift_JIS
            Content-Transfer-Encoding: 8bit

            Recipient:
            """.utf8)
        let shiftJIS: [UInt8] = [0x88, 0xB6, 0x90, 0xE6, 0x95, 0x73, 0x96, 0xBE]  // 宛先不明
        let bytes = head + Array(" a@example.co.jp ".utf8) + shiftJIS + Array("\n--B--\n".utf8)
        let message = try InboundPart.parse(bytes)
        XCTAssertEqual(message.headers.value("Subject"), "配信エラー")
        XCTAssertEqual(message.children.first?.text, "Recipient: a@example.co.jp 宛先不明")
    }

    /// Base64 and quoted-printable parts decode to bytes first, then from their charset.
    func testTransferEncodingsThenCharset() throws {
        let eucJP: [UInt8] = [0xB0, 0xB8, 0xC0, 0xE8, 0xC9, 0xD4, 0xCC, 0xC0]
        let base64 = Data(eucJP).base64EncodedString()
        let quoted = eucJP.map { String(format: "=%02X", $0) }.joined()
        let message = """
            Content-Type: multipart/mixed; boundary="B"

            --B
            Content-Type: text/plain; charset=euc-jp
            Content-Transfer-Encoding: base64

            \(base64)
            --B
            Content-Type: text/plain; charset="EUC-JP"
            Content-Transfer-Encoding: quoted-printable

            \(quoted)=
             550
            --B--

            """
        let part = try InboundPart.parse(Array(message.utf8))
        XCTAssertEqual(part.children.map(\.text), ["宛先不明", "宛先不明 550"])
    }
}
