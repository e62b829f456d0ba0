// BodyEncoderTests.swift — CRLF canonical text, base64 at 76 columns, quoted-printable rules, 7bit JIS.
import XCTest
@testable import HikyakuMail

final class BodyEncoderTests: XCTestCase {
    private typealias S = MIMETestSupport

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testLineEndingsBecomeCRLF() {
        XCTAssertEqual(text(BodyEncoder.canonicalBytes("a\nb\r\nc\rd\n\ne")), "a\r\nb\r\nc\r\nd\r\n\r\ne")
        XCTAssertEqual(text(BodyEncoder.canonicalBytes("\r\r\n")), "\r\n\r\n")
    }

    func testBase64MatchesRFC4648Vectors() {
        let vectors = [
            "": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==",
            "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy",
        ]
        for (plain, encoded) in vectors {
            XCTAssertEqual(text(BodyEncoder.base64(Array(plain.utf8))), encoded)
        }
    }

    func testBase64Has76ColumnCRLFLines() {
        let input = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let encoded = BodyEncoder.base64(input)
        let lines = S.lines(text(encoded))
        XCTAssertTrue(S.isCRLFOnly(encoded))
        XCTAssertTrue(lines.dropLast().allSatisfy { $0.utf8.count == 76 })
        XCTAssertLessThanOrEqual(lines.last!.utf8.count, 76)
        XCTAssertFalse(text(encoded).hasSuffix("\r\n"))
        XCTAssertEqual([UInt8](Data(base64Encoded: lines.joined())!), input)
    }

    /// The whole-group path (two characters per table lookup) against Foundation, for every
    /// 12-bit value and every tail length.
    func testBase64MatchesFoundationForEveryPairAndTail() {
        var input: [UInt8] = []
        for v in 0..<4096 { input += [UInt8(v >> 4), UInt8((v & 15) << 4 | v >> 8), UInt8(truncatingIfNeeded: v)] }
        for length in [input.count, input.count - 1, input.count - 2, 57, 58, 59, 1, 0] {
            let slice = Array(input.prefix(length))
            let expected = Data(slice).base64EncodedString(options: [
                .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
            ])
            XCTAssertEqual(text(BodyEncoder.base64(slice)), expected, "length \(length)")
            XCTAssertEqual(text(BodyEncoder.base64(slice, lineLength: nil)), Data(slice).base64EncodedString(), "length \(length)")
        }
    }

    /// The encoder's fast path for plain runs writes what the byte-by-byte rules write: random
    /// text of spaces, tabs, dots, `From `, `=`, CRLF, lone CR and non-ASCII against those rules.
    func testQuotedPrintableMatchesTheByteByByteRules() {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("Zz9".utf8), [0x20], [0x20, 0x20], [0x09], Array(".".utf8), Array("From ".utf8), Array("F".utf8),
            Array("=".utf8), [0x0D, 0x0A], [0x0D], [0x0A], Array("é".utf8), Array(String(repeating: "x", count: 70).utf8),
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var input: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) { input += pieces.randomElement(using: &generator)! }
            XCTAssertEqual(BodyEncoder.quotedPrintable(input), Self.referenceQuotedPrintable(input), "input \(input)")
        }
    }

    /// The rules one byte at a time (the encoder before its fast path).
    private static func referenceQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        var column = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                out += [0x0D, 0x0A]
                column = 0
                i += 2
                continue
            }
            let atLineEnd = i + 1 == bytes.count || (bytes[i + 1] == 0x0D && i + 2 < bytes.count && bytes[i + 2] == 0x0A)
            let isWSP = b == 0x20 || b == 0x09
            var literal = (b >= 0x21 && b <= 0x7E && b != 0x3D) || (isWSP && !atLineEnd)
            if column + (literal ? 1 : 3) > 75 {
                out += [0x3D, 0x0D, 0x0A]
                column = 0
            }
            let from = i + 5 <= bytes.count && Array(bytes[i..<i + 5]) == Array("From ".utf8)
            if column == 0 && literal && (b == 0x2E || from) { literal = false }
            if literal {
                out.append(b)
                column += 1
            } else {
                out += [0x3D, hex[Int(b >> 4)], hex[Int(b & 15)]]
                column += 3
            }
            i += 1
        }
        return out
    }

    func testQuotedPrintableEscapes() {
        let qp = { (s: String) in self.text(BodyEncoder.quotedPrintable(Array(s.utf8))) }
        XCTAssertEqual(qp("a=b"), "a=3Db")
        XCTAssertEqual(qp("trailing \r\nspace "), "trailing=20\r\nspace=20")
        XCTAssertEqual(qp("tab\t\r\nmid dle"), "tab=09\r\nmid dle")
        XCTAssertEqual(qp("あ"), "=E3=81=82")
        XCTAssertEqual(qp(".hidden\r\n.\r\nx.y"), "=2Ehidden\r\n=2E\r\nx.y")
        XCTAssertEqual(qp("From here\r\nFrom"), "=46rom here\r\nFrom")
        XCTAssertEqual(qp("bare\rcr\nlf"), "bare=0Dcr=0Alf")
    }

    func testQuotedPrintableSoftBreaksAndRoundTrip() {
        let long =
            String(repeating: "The quick brown fox. ", count: 12) + String(repeating: "=", count: 40)
            + String(repeating: ".", count: 150) + " 日本語 end "
        let input = BodyEncoder.canonicalBytes(long + "\n" + long)
        let encoded = BodyEncoder.quotedPrintable(input)
        XCTAssertTrue(S.isCRLFOnly(encoded))
        for line in S.lines(text(encoded)) {
            XCTAssertLessThanOrEqual(line.utf8.count, 76, line)
            XCTAssertFalse(line.hasPrefix("."), line)
            XCTAssertFalse(line.hasSuffix(" ") || line.hasSuffix("\t"), line)
            // A soft break never cuts an escape: "=" ends a line only as the soft-break marker.
            if let eq = line.lastIndex(of: "="), line.distance(from: eq, to: line.endIndex) < 3 {
                XCTAssertEqual(line.last, "=", line)
            }
        }
        XCTAssertEqual(S.decodeQuotedPrintable(encoded), input)
    }

    func testChoosesQuotedPrintableForEnglishAndBase64ForJapanese() {
        let english = BodyEncoder.encode(utf8Text: "Hello Taro,\nPlease reset your password.\n")
        XCTAssertEqual(english.transferEncoding, .quotedPrintable)
        XCTAssertEqual(text(english.bytes), "Hello Taro,\r\nPlease reset your password.\r\n")
        let japanese = BodyEncoder.encode(utf8Text: "山田太郎様\nパスワードを再設定してください。\n")
        XCTAssertEqual(japanese.transferEncoding, .base64)
        XCTAssertEqual(
            String(decoding: Data(base64Encoded: S.lines(text(japanese.bytes)).joined())!, as: UTF8.self),
            "山田太郎様\r\nパスワードを再設定してください。\r\n")
    }

    func testEncodedBodiesNeverContainBoundaryPrefix() {
        let samples = ["=_hk_ and =_ and _=_", "x=_y\n=_\n", String(repeating: "=_", count: 100), "日本=_語"]
        for sample in samples {
            let bytes = BodyEncoder.canonicalBytes(sample)
            for encoded in [BodyEncoder.quotedPrintable(bytes), BodyEncoder.base64(bytes)] {
                XCTAssertFalse(text(encoded).contains("=_"), text(encoded))
            }
        }
    }

    func testISO2022JPBodyIs7BitAndRoundTrips() throws {
        let input = "山田太郎様\n\nパスワードを再設定してください。\n期限：10:00〜12:00 ¥500\nABC\n"
        let body = try BodyEncoder.encode(iso2022JPText: input, field: "text")
        XCTAssertEqual(body.transferEncoding, .sevenBit)
        XCTAssertTrue(S.isCRLFOnly(body.bytes))
        XCTAssertTrue(body.bytes.allSatisfy { $0 < 0x80 && $0 != 0 })
        for line in text(body.bytes).components(separatedBy: "\r\n") where line.contains("\u{1B}") {
            XCTAssertTrue(line.hasSuffix("\u{1B}(B"), line.debugDescription)  // each line ends in ASCII
        }
        let decoded = String(data: Data(body.bytes), encoding: .iso2022JP)!
        XCTAssertEqual(
            decoded.replacingOccurrences(of: "\u{FF5E}", with: "\u{301C}"),
            input.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    func testISO2022JPLongLineFallsBackToBase64() throws {
        let body = try BodyEncoder.encode(iso2022JPText: String(repeating: "あ", count: 600), field: "text")
        XCTAssertEqual(body.transferEncoding, .base64)
        let jis = [UInt8](Data(base64Encoded: S.lines(text(body.bytes)).joined())!)
        // Foundation's decoder fails on JIS this long, so check by hand: drop the escape sequences,
        // and what is left must be あ (0x2422) 600 times, ending back in ASCII.
        XCTAssertEqual(Array(jis.suffix(3)), [0x1B, 0x28, 0x42])
        var plain: [UInt8] = []
        var i = 0
        while i < jis.count {
            if jis[i] == 0x1B { i += 3 } else { plain.append(jis[i]); i += 1 }
        }
        XCTAssertEqual(plain, Array(repeating: [0x24, 0x22], count: 600).flatMap { $0 })
    }

    func testISO2022JPBodyRefusesUnrepresentable() {
        for (input, bad) in [("髙橋様\n", "髙"), ("a\nb😀\n", "😀"), ("a\n\u{FEFF}b", "\u{FEFF}"), ("NUL\u{0}", "\u{0}")] {
            XCTAssertThrowsError(try BodyEncoder.encode(iso2022JPText: input, field: "text")) {
                XCTAssertEqual(
                    $0 as? MIMEError,
                    .unrepresentable(character: Character(bad), field: "text", charset: .iso2022JP))
            }
        }
    }

    /// Foundation's ISO-2022-JP encoder loops forever on "a\u{200B}" and traps on ".Ω}}\u{200B}":
    /// such text is refused (naming the invisible character, or the cluster it extends) before it
    /// reaches Foundation.
    func testISO2022JPRefusesDefaultIgnorablesNextToTextWithoutHanging() {
        for (input, bad) in [
            ("a\u{200B}", "\u{200B}"), (".Ω}}\u{200B}", "\u{200B}"), ("ログイン\u{00AD}ID", "\u{00AD}"),
            ("x\u{2060}y", "\u{2060}"), ("漢\u{200D}字", "漢\u{200D}"), ("a\u{180B}", "a\u{180B}"),
        ] {
            XCTAssertNil(ISO2022JP.encode(input), input.debugDescription)
            XCTAssertThrowsError(try BodyEncoder.encode(iso2022JPText: input, field: "login_id")) {
                XCTAssertEqual(
                    $0 as? MIMEError,
                    .unrepresentable(character: Character(bad), field: "login_id", charset: .iso2022JP))
            }
        }
    }

    func testTheShorterEncodingIsChosenWithoutBuildingBoth() {
        // Reference: build both, keep the shorter (ties to quoted-printable), as the encoder promises.
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", " ", "\t", "=", ".", "From ", "\n", "\r\n", "あ", "漢字", "é", "\u{1}", "~", "😀", "x y z "]
        for length in [0, 1, 2, 3, 10, 40, 75, 76, 77, 200, 1000] {
            for _ in 0..<30 {
                let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
                let bytes = BodyEncoder.canonicalBytes(text)
                let qp = BodyEncoder.quotedPrintable(bytes), b64 = BodyEncoder.base64(bytes)
                let expected =
                    qp.count <= b64.count
                    ? BodyEncoder.EncodedBody(transferEncoding: .quotedPrintable, bytes: qp)
                    : BodyEncoder.EncodedBody(transferEncoding: .base64, bytes: b64)
                XCTAssertEqual(BodyEncoder.encode(utf8Text: text), expected, text.debugDescription)
            }
        }
        for count in 0...2000 {
            XCTAssertEqual(
                BodyEncoder.base64EncodedCount(count), BodyEncoder.base64([UInt8](repeating: 0x41, count: count)).count, "\(count)")
        }
    }
}
