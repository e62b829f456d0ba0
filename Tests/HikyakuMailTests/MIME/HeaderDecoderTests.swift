// HeaderDecoderTests.swift — the gallery's header reader: unfolding and RFC 2047 words back to text.
import Foundation
import XCTest
@testable import HikyakuMail

final class HeaderDecoderTests: XCTestCase {
    func testFieldsOfAnEncodedMessageReadBackAsWritten() throws {
        for charset in [MIMECharset.utf8, .iso2022JP] {
            let subject = String(repeating: "パスワード再設定のご連絡（重要）", count: 4) + " / Password reset"
            let message = try MIMETestSupport.message(subject: subject, toName: "山田 太郎", charset: charset)
            let fields = HeaderDecoder.fields(of: try message.encoded())
            XCTAssertEqual(
                fields.map(\.name),
                [
                    "Date", "From", "To", "Subject", "Message-ID", "MIME-Version",
                    "Content-Type", "Content-Language", "Auto-Submitted", "X-Hikyaku-Job",
                ])
            let values = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            XCTAssertEqual(values["Subject"], subject, "\(charset)")
            XCTAssertEqual(values["To"], "山田 太郎 <taro@example.com>", "\(charset)")
            XCTAssertEqual(values["From"], "飛脚サポート <noreply@example.jp>", "\(charset)")
        }
    }

    func testQWordsUnknownCharsetsAndTextBetweenWords() {
        XCTAssertEqual(HeaderDecoder.decodeWords("=?UTF-8?Q?caf=C3=A9_au_lait?="), "café au lait")
        XCTAssertEqual(HeaderDecoder.decodeWords("=?UTF-8?B?5bGx?=  =?UTF-8?B?55Sw?= <a@b.jp>"), "山田 <a@b.jp>")
        XCTAssertEqual(HeaderDecoder.decodeWords("a =?UTF-8?B?5bGx?= b"), "a 山 b")
        XCTAssertEqual(HeaderDecoder.decodeWords("=?KOI8-R?B?5bGx?= x"), "=?KOI8-R?B?5bGx?= x", "left as written")
        XCTAssertEqual(HeaderDecoder.decodeWords("=?UTF-8?B?////?="), "=?UTF-8?B?////?=", "not UTF-8: left as written")
    }
}
