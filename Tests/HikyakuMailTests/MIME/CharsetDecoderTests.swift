// CharsetDecoderTests.swift — received Japanese text decodes from ISO-2022-JP, Shift_JIS and EUC-JP, and bad bytes never stop it.
import Foundation
import XCTest

@testable import HikyakuMail

final class CharsetDecoderTests: XCTestCase {
    /// 宛先不明 (JIS X 0208 0x3038 0x4068 0x4954 0x4C40) in each encoding, as iconv writes it.
    let iso2022JP: [UInt8] = [0x1B, 0x24, 0x42, 0x30, 0x38, 0x40, 0x68, 0x49, 0x54, 0x4C, 0x40, 0x1B, 0x28, 0x42]
    let shiftJIS: [UInt8] = [0x88, 0xB6, 0x90, 0xE6, 0x95, 0x73, 0x96, 0xBE]
    let eucJP: [UInt8] = [0xB0, 0xB8, 0xC0, 0xE8, 0xC9, 0xD4, 0xCC, 0xC0]

    func testTheThreeJapaneseEncodings() {
        XCTAssertEqual(CharsetDecoder.decode(iso2022JP, charset: "ISO-2022-JP"), "宛先不明")
        XCTAssertEqual(CharsetDecoder.decode(shiftJIS, charset: "Shift_JIS"), "宛先不明")
        XCTAssertEqual(CharsetDecoder.decode(shiftJIS, charset: "\"windows-31j\""), "宛先不明")
        XCTAssertEqual(CharsetDecoder.decode(eucJP, charset: "euc-jp"), "宛先不明")
        XCTAssertEqual(CharsetDecoder.decode(Array("550 5.1.1 ".utf8) + shiftJIS, charset: "x-sjis"), "550 5.1.1 宛先不明")
    }

    /// Without a charset, UTF-8 first, then whichever Japanese encoding the bytes are valid in.
    func testUnlabelledBytesAreGuessed() {
        XCTAssertEqual(CharsetDecoder.decode(Array("宛先不明".utf8), charset: nil), "宛先不明")
        XCTAssertEqual(CharsetDecoder.decode(eucJP, charset: nil), "宛先不明")
        XCTAssertEqual(CharsetDecoder.decode(shiftJIS, charset: nil), "宛先不明")
        XCTAssertEqual(CharsetDecoder.decode(shiftJIS, charset: "x-unknown-charset"), "宛先不明")
    }

    /// Half-width katakana in all three (ｱ is U+FF71): single bytes in Shift_JIS, SS2 in EUC-JP, ESC ( I in JIS.
    func testHalfWidthKatakana() {
        XCTAssertEqual(CharsetDecoder.decode([0xB1, 0xB2], charset: "shift_jis"), "ｱｲ")
        XCTAssertEqual(CharsetDecoder.decode([0x8E, 0xB1, 0x8E, 0xB2], charset: "euc-jp"), "ｱｲ")
        XCTAssertEqual(CharsetDecoder.decode([0x1B, 0x28, 0x49, 0x31, 0x32, 0x1B, 0x28, 0x42], charset: "iso-2022-jp"), "ｱｲ")
    }

    /// Foundation's ISO-2022-JP decoder gives up on long runs: 1,000 kanji in one escape still decode.
    func testALongRunOfKanji() {
        let run = [UInt8]([0x1B, 0x24, 0x42]) + Array(repeating: [UInt8]([0x30, 0x38]), count: 1000).flatMap { $0 } + [0x1B, 0x28, 0x42]
        XCTAssertEqual(CharsetDecoder.decode(run, charset: "iso-2022-jp"), String(repeating: "宛", count: 1000))
        let sjis = Array(repeating: [UInt8]([0x88, 0xB6]), count: 1000).flatMap { $0 }
        XCTAssertEqual(CharsetDecoder.decode(sjis, charset: "shift_jis"), String(repeating: "宛", count: 1000))
    }

    /// A bad byte is U+FFFD and the rest still reads; `strict` refuses.
    func testBadBytesBecomeReplacementCharacters() {
        XCTAssertEqual(CharsetDecoder.decode([0x88, 0xB6, 0xFF, 0x41], charset: "shift_jis"), "宛\u{FFFD}A")
        XCTAssertEqual(CharsetDecoder.decode([0xB0, 0xB8, 0xB0, 0x41], charset: "euc-jp"), "宛\u{FFFD}A")
        XCTAssertEqual(CharsetDecoder.decode([0x1B, 0x24, 0x42, 0x30, 0x0A, 0x41], charset: "iso-2022-jp"), "\u{FFFD}\n\u{FFFD}")
        XCTAssertNil(CharsetDecoder.strict([0x88, 0xB6, 0xFF], charset: "shift_jis"))
        XCTAssertNil(CharsetDecoder.strict(shiftJIS, charset: "koi8-r"))
        XCTAssertEqual(CharsetDecoder.decode([0x63, 0x61, 0x66, 0xE9], charset: "iso-8859-1"), "café")
    }

    /// Subjects in Shift_JIS and EUC-JP encoded-words decode too (RFC 2047).
    func testHeaderWordsInOtherJapaneseCharsets() {
        let sjis = Data(shiftJIS).base64EncodedString()
        XCTAssertEqual(HeaderDecoder.decodeWords("=?Shift_JIS?B?\(sjis)?= (550)"), "宛先不明 (550)")
        let euc = Data(eucJP).base64EncodedString()
        XCTAssertEqual(HeaderDecoder.decodeWords("=?EUC-JP?B?\(euc)?="), "宛先不明")
    }
}
