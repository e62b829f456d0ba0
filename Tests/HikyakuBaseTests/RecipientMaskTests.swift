// RecipientMaskTests.swift — recipients masked for operators' screens, never their length or a control character.
import XCTest
@testable import HikyakuBase

final class RecipientMaskTests: XCTestCase {
    func testKeepsTheFirstCharacterAndTheDomain() {
        XCTAssertEqual(RecipientMask.mask("omori@example.co.jp"), "o****@example.co.jp")
        XCTAssertEqual(RecipientMask.mask("a@example.jp"), "a****@example.jp")
        XCTAssertEqual(RecipientMask.mask("very.long.local.part@example.jp"), "v****@example.jp")
    }

    func testTheMaskDoesNotRevealTheLength() {
        XCTAssertEqual(RecipientMask.mask("ab@x.jp").count, RecipientMask.mask("abcdefghij@x.jp").count)
    }

    func testOddValues() {
        XCTAssertEqual(RecipientMask.mask(""), "")
        XCTAssertEqual(RecipientMask.mask("@example.jp"), "****@example.jp")
        XCTAssertEqual(RecipientMask.mask("no-at-sign"), "n****")
        XCTAssertEqual(RecipientMask.mask("\"a@b\"@example.jp"), "\"****@example.jp", "the domain follows the last @")
        XCTAssertEqual(RecipientMask.mask("大森@example.jp"), "大****@example.jp")
    }

    func testControlCharactersNeverReachTheTerminal() {
        let masked = RecipientMask.mask("x@example.jp\r\nRCPT TO:<evil@example.net>\u{1B}[2J")
        XCTAssertFalse(masked.unicodeScalars.contains { $0.properties.generalCategory == .control }, masked)
        XCTAssertTrue(masked.hasPrefix("x****@") && masked.contains("\\u{1b}"), masked)
    }

    func testAddressesInsideRepliesAndReasonsAreMasked() {
        XCTAssertEqual(
            RecipientMask.maskAddresses(in: "550 5.1.1 <nobody@example.co.jp>: Recipient address rejected"),
            "550 5.1.1 <n****@example.co.jp>: Recipient address rejected")
        XCTAssertEqual(
            RecipientMask.maskAddresses(in: "to a.b+c@x.jp and d@y.example, not @ nor x@ nor @y"),
            "to a****@x.jp and d****@y.example, not @ nor x@ nor @y")
        XCTAssertEqual(RecipientMask.maskAddresses(in: "450 4.7.1 try later"), "450 4.7.1 try later")
    }

    func testAnInternationalDomainShowsItsULabels() {
        XCTAssertEqual(RecipientMask.mask("user@xn--r8jz45g.jp"), "u****@例え.jp")
        XCTAssertEqual(RecipientMask.mask("user@例え.jp"), "u****@例え.jp")
        XCTAssertEqual(RecipientMask.mask("user@xn--zzzz.jp"), "u****@xn--zzzz.jp", "not an A-label: as it is")
    }
}
