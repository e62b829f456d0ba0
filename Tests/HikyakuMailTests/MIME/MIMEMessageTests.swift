// MIMEMessageTests.swift — header order, Date, boundary, no Bcc, CRLF only, ISO-2022-JP and refusals.
import XCTest
@testable import HikyakuMail

final class MIMEMessageTests: XCTestCase {
    private typealias S = MIMETestSupport

    private func wire(_ message: MIMEMessage) throws -> String {
        String(decoding: try message.encoded(), as: UTF8.self)
    }

    private func headerNames(_ wire: String) -> [String] {
        let head = wire.components(separatedBy: "\r\n\r\n")[0]
        return S.lines(head).filter { !$0.hasPrefix(" ") }.map { String($0.split(separator: ":")[0]) }
    }

    func testHeadersComeInOrder() throws {
        let out = try wire(S.message())
        XCTAssertEqual(
            headerNames(out),
            [
                "Date", "From", "To", "Subject", "Message-ID", "MIME-Version",
                "Content-Type", "Content-Language", "Auto-Submitted", "X-Hikyaku-Job",
            ])
        XCTAssertTrue(out.hasPrefix("Date: Sat, 21 Nov 2026 21:05:00 +0900\r\n"), out)
        XCTAssertTrue(out.contains("\r\nMessage-ID: <job123.abcd@example.jp>\r\n"))
        XCTAssertTrue(out.contains("\r\nContent-Type: multipart/alternative; boundary=\"=_hk_"))
        XCTAssertTrue(out.contains("\r\nContent-Language: ja, en\r\nAuto-Submitted: auto-generated\r\n"))
        XCTAssertTrue(out.contains("\r\nTo: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <taro@example.com>\r\n"), out)
    }

    func testDateIsRFC5322InTheGivenZone() {
        let date = Date(timeIntervalSince1970: 1_775_358_245)  // 2026-04-05 03:04:05 UTC
        XCTAssertEqual(
            MIMEMessage.rfc5322Date(date, in: TimeZone(identifier: "Asia/Tokyo")!),
            "Sun, 05 Apr 2026 12:04:05 +0900")
        XCTAssertEqual(
            MIMEMessage.rfc5322Date(date, in: TimeZone(identifier: "America/New_York")!),
            "Sat, 04 Apr 2026 23:04:05 -0400")
        XCTAssertEqual(
            MIMEMessage.rfc5322Date(date, in: TimeZone(identifier: "Asia/Kolkata")!),
            "Sun, 05 Apr 2026 08:34:05 +0530")
    }

    func testBoundaryFromSeedIsStableFNV1a() {
        XCTAssertEqual(MIMEMessage.boundary(seed: ""), "=_hk_cbf29ce484222325")
        XCTAssertEqual(MIMEMessage.boundary(seed: "a"), "=_hk_af63dc4c8601ec8c")
        XCTAssertEqual(MIMEMessage.boundary(seed: "job123"), MIMEMessage.boundary(seed: "job123"))
        XCTAssertNotEqual(MIMEMessage.boundary(seed: "job123"), MIMEMessage.boundary(seed: "job124"))
    }

    func testSameInputGivesSameBytes() throws {
        XCTAssertEqual(try S.message().encoded(), try S.message().encoded())
    }

    func testEveryLineIsCRLFAndShort() throws {
        let hostile = try S.message(
            subject: String(repeating: "長い件名と long words ", count: 12),
            fromName: "Evil\r\nBcc: victim@example.jp", toName: "a\rb\nc\u{0}d",
            text: "line1\rline2\nline3\r\n.dot\nFrom me\n" + String(repeating: "x", count: 3000),
            extra: [("X-Note", "v\r\nBcc: victim@example.jp")])
        let bytes = try hostile.encoded()
        XCTAssertTrue(S.isCRLFOnly(bytes))
        let out = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(out.hasSuffix("--\r\n"))
        let lines = S.lines(out)
        XCTAssertTrue(lines.allSatisfy { $0.utf8.count <= 998 })
        let head = S.lines(out.components(separatedBy: "\r\n\r\n")[0])
        XCTAssertTrue(head.allSatisfy { $0.utf8.count <= 78 }, head.joined(separator: "\n"))
        XCTAssertFalse(headerNames(out).contains { $0.lowercased() == "bcc" })
        XCTAssertFalse(lines.contains { $0.lowercased().hasPrefix("bcc") })
    }

    func testPartsHaveTypesAndEncodings() throws {
        let out = try wire(S.message(text: "Hello\nWorld\n", html: "<p>山田</p>"))
        let boundary = MIMEMessage.boundary(seed: "job123")
        XCTAssertEqual(out.components(separatedBy: "\r\n--\(boundary)\r\n").count, 3)
        XCTAssertTrue(
            out.contains(
                "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHello\r\nWorld\r\n\r\n--"))
        XCTAssertTrue(out.contains("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"))
        XCTAssertTrue(out.hasSuffix("\r\n--\(boundary)--\r\n"))
    }

    func testRefusesBccAndOwnedHeadersAsExtras() throws {
        for name in ["Bcc", "bcc", "To", "Content-Type", "Subject"] {
            XCTAssertThrowsError(try S.message(extra: [(name, "x")]).encoded()) {
                XCTAssertEqual($0 as? MIMEError, .reservedHeader(name))
            }
        }
        for name in ["", "X Bad", "X:Bad", "X-日本"] {
            XCTAssertThrowsError(try S.message(extra: [(name, "x")]).encoded()) {
                XCTAssertEqual($0 as? MIMEError, .invalidHeaderName(name))
            }
        }
    }

    func testRefusesBadBoundaryMessageIDAndLanguage() throws {
        var message = try S.message()
        for bad in ["", String(repeating: "a", count: 71), "a\"b", "ends ", "a\r\nb"] {
            message.boundary = bad
            XCTAssertThrowsError(try message.encoded()) { XCTAssertEqual($0 as? MIMEError, .invalidBoundary(bad)) }
        }
        message = try S.message()
        for bad in ["<a@b>", "nodomain", "a b@c", "a@b@c", "a@b\r\nX: y", ".a@b"] {
            message.messageID = bad
            XCTAssertThrowsError(try message.encoded()) { XCTAssertEqual($0 as? MIMEError, .invalidMessageID(bad)) }
        }
        message = try S.message()
        for bad in ["", "ja,", "ja\r\nBcc: x", "日本"] {
            message.contentLanguage = bad
            XCTAssertThrowsError(try message.encoded()) { XCTAssertEqual($0 as? MIMEError, .invalidContentLanguage(bad)) }
        }
    }

    func testISO2022JPMessage() throws {
        let out = try wire(S.message(charset: .iso2022JP))
        XCTAssertTrue(out.contains("\r\nSubject: =?ISO-2022-JP?B?"))
        XCTAssertTrue(out.contains("\r\nFrom: =?ISO-2022-JP?B?"))
        XCTAssertTrue(out.contains("Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n"))
        XCTAssertTrue(out.contains("Content-Type: text/html; charset=UTF-8\r\n"))
        let start = out.range(of: "7bit\r\n\r\n")!.upperBound
        let end = out.range(of: "\r\n--=_hk_", range: start..<out.endIndex)!.lowerBound
        XCTAssertEqual(
            String(data: Data(out[start..<end].utf8), encoding: .iso2022JP),
            "山田 太郎 様\r\nパスワードを再設定してください。\r\nReset your password.\r\n")
    }

    func testUnrepresentableCharactersAreNamedWithTheirField() throws {
        let cases: [(MIMEMessage, Character, String)] = [
            (try S.message(subject: "山﨑様へ", charset: .iso2022JP), "﨑", "subject"),
            (try S.message(fromName: "髙島屋", charset: .iso2022JP), "髙", "from_name"),
            (try S.message(toName: "①田中", charset: .iso2022JP), "①", "to_name"),
            (try S.message(text: "OK 😀\n", charset: .iso2022JP), "😀", "text"),
        ]
        for (message, character, field) in cases {
            XCTAssertThrowsError(try message.encoded()) {
                XCTAssertEqual($0 as? MIMEError, .unrepresentable(character: character, field: field, charset: .iso2022JP))
                XCTAssertFalse("\($0)".contains("\n"))
            }
        }
        XCTAssertEqual(
            MIMEMessage.unrepresentable(in: "髙橋①😀〜～ｱ髙\u{FEFF}é", charset: .iso2022JP),
            ["髙", "①", "😀", "～", "ｱ", "\u{FEFF}", "é"])
        XCTAssertEqual(MIMEMessage.unrepresentable(in: "髙橋①😀", charset: .utf8), [])
        XCTAssertEqual(MIMEMessage.unrepresentable(in: "か\u{3099}\r\n¥―‐", charset: .iso2022JP), [])
    }

    func testBoundaryInSevenBitTextIsCaught() throws {
        let boundary = MIMEMessage.boundary(seed: "job123")
        let message = try S.message(text: "ok\n--\(boundary)--\nmore", charset: .iso2022JP)
        XCTAssertThrowsError(try message.encoded()) {
            XCTAssertEqual($0 as? MIMEError, .boundaryCollision(boundary: boundary, part: "text"))
        }
        XCTAssertNoThrow(try S.message(text: "ok\n--\(boundary)--\nmore").encoded())  // QP escapes "=_"
    }
}
