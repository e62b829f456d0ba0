// ISO2022JPTests.swift — the table path writes exactly Foundation's checked bytes, and the NFC shortcut is NFC.
import Foundation
import XCTest
@testable import HikyakuMail

final class ISO2022JPTests: XCTestCase {
    /// Characters of every kind the table sees or must hand to Foundation: ASCII, tab and controls,
    /// kana and kanji, full-width forms, Greek, Cyrillic, box drawing, JIS-Roman (¥ ‾), Foundation's
    /// aliases and their standard twins (～ 〜 − ‖ ¢ £ ¬), NEC row 13 (①), characters outside JIS X 0208
    /// (﨑, emoji, half-width kana, é), combining marks (U+3099, U+0301), and a run past a piece.
    static let pool: [String] = [
        "a", "Z", "0", " ", "~", "\\", "\t", "\u{1}", "\u{7F}", "あ", "ア", "ー", "漢", "字", "髙", "﨑", "①", "Ａ", "！", "￥",
        "¥", "‾", "～", "〜", "−", "－", "‖", "∥", "¢", "£", "¬", "Ω", "α", "Я", "ё", "─", "┼", "■", "※", "、", "。", "「", "」",
        "😀", "ｱ", "ｶﾞ", "é", "e\u{301}", "か\u{3099}", "\u{3099}", "ゝ\u{3099}", "ゞ", "ヴ", "〃", "　",
        String(repeating: "漢", count: 199), String(repeating: "a", count: 150) + String(repeating: "字", count: 80),
    ]

    func testTableBytesAreFoundationsCheckedBytes() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<1500 {
            let line = (0..<Int(generator.next() % 12)).map { _ in Self.pool[Int(generator.next() % UInt64(Self.pool.count))] }.joined()
            XCTAssertEqual(ISO2022JP.encode(line), ISO2022JP.encodeWithFoundation(line), line.debugDescription)
            let normal = line.precomposedStringWithCanonicalMapping
            XCTAssertEqual(ISO2022JP.encode(normal), ISO2022JP.encodeWithFoundation(normal), normal.debugDescription)
        }
    }

    func testTheNFCShortcutIsNFC() {
        var generator = SplitMix64(seed: 11)
        let extra = [
            "\u{300}", "\u{301}", "\u{308}", "\u{302A}", "\u{309A}", "\u{2126}", "\u{212B}", "\u{F91D}", "\u{1100}\u{1161}",
            "\u{0CC6}\u{0CD5}",
        ]
        for _ in 0..<1500 {
            let text = (0..<Int(generator.next() % 10)).map { _ in
                let pick = Int(generator.next() % UInt64(Self.pool.count + extra.count))
                return pick < Self.pool.count ? Self.pool[pick] : extra[pick - Self.pool.count]
            }.joined()
            XCTAssertEqual(
                Array(ISO2022JP.nfc(text).unicodeScalars), Array(text.precomposedStringWithCanonicalMapping.unicodeScalars),
                text.debugDescription)
        }
    }
}

/// A small seeded generator, so a failure names an input that comes back on the next run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
