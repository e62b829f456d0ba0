// HeaderEncoderTests.swift — RFC 2047 words (length, exact decode, no split characters) and folding.
import XCTest
@testable import HikyakuMail

final class HeaderEncoderTests: XCTestCase {
    private typealias S = MIMETestSupport

    /// Checks the shape every encoded header must have and returns its decoded text.
    private func checkEncoded(
        _ header: String, name: String, file: StaticString = #filePath,
        line: UInt = #line
    ) -> String? {
        XCTAssertTrue(header.hasPrefix(name + ":"), file: file, line: line)
        XCTAssertTrue(header.hasSuffix("\r\n"), file: file, line: line)
        XCTAssertTrue(S.isCRLFOnly(Array(header.utf8)), file: file, line: line)
        for (index, text) in S.lines(header).enumerated() {
            XCTAssertLessThanOrEqual(text.utf8.count, 76, text, file: file, line: line)
            if index > 0 { XCTAssertTrue(text.hasPrefix(" "), text, file: file, line: line) }
            XCTAssertFalse(text.trimmingCharacters(in: .whitespaces).isEmpty, file: file, line: line)
        }
        for word in S.encodedWords(in: header) {
            XCTAssertLessThanOrEqual(word.utf8.count, 75, word, file: file, line: line)
            XCTAssertNotNil(S.decodeWord(word), "word does not decode alone: \(word)", file: file, line: line)
        }
        return S.decodeHeaderWords(header)
    }

    func testShortASCIIStaysPlain() throws {
        XCTAssertEqual(
            try HeaderEncoder.encode(name: "Subject", value: "Password reset", charset: .utf8),
            "Subject: Password reset\r\n")
        XCTAssertEqual(
            try HeaderEncoder.encode(name: "Subject", value: "Reset", charset: .iso2022JP),
            "Subject: Reset\r\n")
    }

    func testLongASCIIFoldsAtWhitespaceAndUnfoldsExactly() throws {
        let value = (1...30).map { "word\($0)" }.joined(separator: " ") + "  double  spaces\tand tab"
        let header = try HeaderEncoder.encode(name: "Subject", value: value, charset: .utf8)
        let lines = S.lines(header)
        XCTAssertGreaterThan(lines.count, 1)
        XCTAssertTrue(lines.allSatisfy { $0.utf8.count <= 78 }, header)
        // Tabs are control characters and become spaces; everything else unfolds back exactly.
        XCTAssertEqual(lines.joined(), "Subject: " + value.replacingOccurrences(of: "\t", with: " "))
    }

    func testUnbreakableASCIIOver998IsEncoded() throws {
        let value = String(repeating: "x", count: 1200)
        let header = try HeaderEncoder.encode(name: "Subject", value: value, charset: .utf8)
        XCTAssertEqual(checkEncoded(header, name: "Subject"), value)
    }

    func testHundredCharacterJapaneseSubject() throws {
        let value = String(repeating: "パスワード再設定のご案内：", count: 8).prefix(100)
        XCTAssertEqual(value.count, 100)
        let header = try HeaderEncoder.encode(name: "Subject", value: String(value), charset: .utf8)
        XCTAssertEqual(checkEncoded(header, name: "Subject"), String(value))
        XCTAssertGreaterThan(S.encodedWords(in: header).count, 5)
    }

    func testMixedSubjectKeepsSpacesAndDecodesExactly() throws {
        let value = "【重要】 Password reset  /  パスワード再設定 (期限: 30分)"
        let header = try HeaderEncoder.encode(name: "Subject", value: value, charset: .utf8)
        XCTAssertEqual(checkEncoded(header, name: "Subject"), value)
    }

    func testEmojiAndCombiningSequencesAreNeverSplit() throws {
        let clusters = ["👨‍👩‍👧‍👦", "🇯🇵", "e\u{301}", "か\u{3099}", "👍🏽", "葛\u{E0100}", "😀"]
        let value = (0..<12).map { clusters[$0 % clusters.count] + "字" }.joined()
        let header = try HeaderEncoder.encode(name: "Subject", value: value, charset: .utf8)
        XCTAssertEqual(checkEncoded(header, name: "Subject"), value)
        // Decoding word by word must give the original clusters, none cut in two.
        let decoded = S.encodedWords(in: header).compactMap(S.decodeWord)
        XCTAssertEqual(decoded.flatMap { Array($0) }, Array(value))
        XCTAssertEqual(decoded.joined().unicodeScalars.count, value.unicodeScalars.count)
    }

    func testOversizedClusterIsCutOnlyBetweenScalars() throws {
        let zalgo = "a" + String(repeating: "\u{301}", count: 40) + "b"
        let words = try HeaderEncoder.encodedWords(for: zalgo, charset: .utf8, field: "subject")
        XCTAssertGreaterThan(words.count, 1)
        XCTAssertTrue(words.allSatisfy { $0.utf8.count <= 75 && S.decodeWord($0) != nil })
        XCTAssertEqual(words.compactMap(S.decodeWord).joined().unicodeScalars.count, 42)
    }

    func testControlCharactersCannotStartAHeaderLine() throws {
        for value in ["Hi\r\nBcc: victim@example.jp", "件名\r\nBcc: victim@example.jp", "a\nb\rc\u{2028}d"] {
            let header = try HeaderEncoder.encode(name: "Subject", value: value, charset: .utf8)
            for (index, line) in S.lines(header).enumerated() where index > 0 {
                XCTAssertTrue(line.hasPrefix(" "), header.debugDescription)
            }
            XCTAssertTrue(S.isCRLFOnly(Array(header.utf8)))
            XCTAssertFalse(S.lines(header).contains { $0.hasPrefix("Bcc") })
        }
    }

    func testLiteralEncodedWordLookalikeIsEncoded() throws {
        let header = try HeaderEncoder.encode(name: "Subject", value: "=?UTF-8?B?QUJD?=", charset: .utf8)
        XCTAssertEqual(checkEncoded(header, name: "Subject"), "=?UTF-8?B?QUJD?=")
    }

    func testLongHeaderNameStartsWordsOnContinuationLine() throws {
        let name = "X-" + String(repeating: "N", count: 70)
        let header = try HeaderEncoder.encode(name: name, value: "日本語の値", charset: .utf8)
        XCTAssertEqual(S.lines(header).first, name + ":")
        XCTAssertEqual(checkEncoded(header, name: name), "日本語の値")
    }

    func testISO2022JPWordsAreSelfContained() throws {
        let value = "【飛脚】パスワード再設定のご案内 ¥1,000 〜 お知らせ ― 山田太郎様 ABC あいうえおかきくけこさしすせそ"
        let header = try HeaderEncoder.encode(name: "Subject", value: value, charset: .iso2022JP)
        let words = S.encodedWords(in: header)
        XCTAssertGreaterThan(words.count, 2)
        for word in words {
            guard let (charset, bytes) = S.decodeWordBytes(word) else { return XCTFail(word) }
            XCTAssertEqual(charset, "ISO-2022-JP")
            XCTAssertTrue(bytes.allSatisfy { $0 < 0x80 })
            if bytes.contains(0x1B) { XCTAssertEqual(Array(bytes.suffix(3)), [0x1B, 0x28, 0x42], word) }
        }
        // Foundation reads JIS 0x2141 as U+FF5E; the strict reading (Python, RFC 1468) is U+301C.
        let decoded = checkEncoded(header, name: "Subject")
        XCTAssertEqual(decoded?.replacingOccurrences(of: "\u{FF5E}", with: "\u{301C}"), value)
    }

    func testISO2022JPRefusesWhatItCannotCarry() {
        for (value, bad) in [("山﨑様", "﨑"), ("①番", "①"), ("OK😀", "😀"), ("ｶﾀｶﾅ", "ｶ"), ("10～12", "～")] {
            XCTAssertThrowsError(try HeaderEncoder.encode(name: "Subject", value: value, charset: .iso2022JP)) {
                XCTAssertEqual(
                    $0 as? MIMEError,
                    .unrepresentable(character: Character(bad), field: "subject", charset: .iso2022JP))
            }
        }
    }
}
