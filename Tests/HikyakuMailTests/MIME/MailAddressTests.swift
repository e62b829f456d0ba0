// MailAddressTests.swift — every address rule, display-name defanging and the header forms.
import XCTest
@testable import HikyakuMail

final class MailAddressTests: XCTestCase {
    private func problem(_ address: String) -> MIMEError.AddressProblem? {
        do {
            _ = try MailAddress(address)
            return nil
        } catch {
            guard case .invalidAddress(_, let reason) = error else { return nil }
            return reason
        }
    }

    private func label(_ n: Int) -> String { String(repeating: "d", count: n) }

    func testAcceptsOrdinaryAndEdgeAddresses() throws {
        let local64 = String(repeating: "a", count: 64)
        let domain189 = label(62) + "." + label(62) + "." + label(60) + ".jp"
        XCTAssertEqual(domain189.utf8.count, 189)  // whole = 64 + 1 + 189 = 254, the limit
        for good in [
            "taro@example.jp", "taro.yamada+tag@mail.example.co.jp", "\"a@b\"@example.jp",
            "\"a\\\"b\"@example.jp", "user@localhost", "x@[192.0.2.1]", "x@[IPv6:2001:db8::1]",
            "o'brien@example.com", "\(local64)@\(domain189)",
        ] {
            XCTAssertNil(problem(good), good)
        }
        XCTAssertEqual(try MailAddress("taro@example.jp").address, "taro@example.jp")
    }

    func testRefusesInjectionAndControlCharacters() {
        for bad in [
            "a@b.jp\r\nRCPT TO:<x@evil>", "a@b.jp\n", "a\r@b.jp", "a\0@b.jp", "a\t@b.jp",
            "a\u{7F}@b.jp", "a\u{01}@b.jp", "a@b.jp\u{1B}",
        ] {
            XCTAssertEqual(problem(bad), .controlCharacter, bad.debugDescription)
        }
    }

    func testRefusesANonASCIILocalPartWithTheCharacter() {
        XCTAssertNil(problem("taro@例え.jp"), "an international domain becomes A-labels")
        XCTAssertEqual(problem("müller@example.de"), .nonASCIILocalPart("ü"))
        XCTAssertEqual(problem("例え"), .nonASCII("例"))
        XCTAssertEqual(problem("a\u{85}@b.jp"), .controlCharacter)  // NEL is a C1 control, not just non-ASCII
    }

    func testRefusesBracketsSpacesAndAtSigns() {
        XCTAssertEqual(problem("<a@b.jp>"), .angleBracket)
        XCTAssertEqual(problem("a>b@b.jp"), .angleBracket)
        XCTAssertEqual(problem("a b@b.jp"), .space)
        XCTAssertEqual(problem("\"a b\"@b.jp"), .space)
        XCTAssertEqual(problem(""), .empty)
        XCTAssertEqual(problem("ab.jp"), .missingAt)
        XCTAssertEqual(problem("\"a@b.jp\""), .missingAt)
        XCTAssertEqual(problem("a@b@c.jp"), .multipleAt)
        XCTAssertEqual(problem("@b.jp"), .emptyLocalPart)
        XCTAssertEqual(problem("a@"), .emptyDomain)
    }

    func testRefusesOverlongParts() {
        XCTAssertEqual(problem(String(repeating: "a", count: 65) + "@b.jp"), .localPartTooLong(octets: 65))
        let domain256 = [label(63), label(63), label(63), label(62), "x"].joined(separator: ".")
        XCTAssertEqual(domain256.utf8.count, 256)
        XCTAssertEqual(problem("a@" + domain256), .domainTooLong(octets: 256))
        let domain190 = label(62) + "." + label(62) + "." + label(61) + ".jp"
        XCTAssertEqual(domain190.utf8.count, 190)
        XCTAssertEqual(problem(String(repeating: "a", count: 64) + "@" + domain190), .tooLong(octets: 255))
    }

    func testRefusesBadLocalPartsAndDomains() {
        XCTAssertEqual(problem("a,b@b.jp"), .invalidLocalPart(","))
        XCTAssertEqual(problem("a(b)@b.jp"), .invalidLocalPart("("))
        XCTAssertEqual(problem("\"ab@b.jp"), .missingAt)  // the quote never closes, so the @ is quoted
        XCTAssertEqual(problem(".a@b.jp"), .misplacedDot)
        XCTAssertEqual(problem("a.@b.jp"), .misplacedDot)
        XCTAssertEqual(problem("a..b@b.jp"), .misplacedDot)
        XCTAssertEqual(problem("a@-b.jp"), .invalidDomain(label: "-b"))
        XCTAssertEqual(problem("a@b..jp"), .invalidDomain(label: ""))
        XCTAssertEqual(problem("a@b_c.jp"), .invalidDomain(label: "b_c"))
        XCTAssertEqual(problem("a@b.jp."), .invalidDomain(label: ""))
        XCTAssertEqual(
            problem("a@" + String(repeating: "x", count: 64) + ".jp"),
            .invalidDomain(label: String(repeating: "x", count: 64)))
        XCTAssertEqual(problem("a@[1.2.3.x]"), .invalidDomain(label: "[1.2.3.x]"))
    }

    func testErrorDescriptionIsOneLineWithEscapes() {
        do {
            _ = try MailAddress("a@b.jp\r\nRCPT TO:<x@evil>")
            XCTFail("accepted")
        } catch {
            let text = error.description
            XCTAssertFalse(text.contains("\r") || text.contains("\n"), text)
            XCTAssertTrue(text.contains("a@b.jp\\r\\nRCPT"), text)
            XCTAssertTrue(text.contains("control character"), text)
        }
    }

    func testDisplayNameIsDefanged() throws {
        let hostile = try MailAddress("a@b.jp", displayName: "Evil\r\nBcc: victim@x.jp\r\n\r\nbody")
        XCTAssertEqual(hostile.displayName, "Evil Bcc: victim@x.jp body")
        let separators = try MailAddress("a@b.jp", displayName: "\t 山田\u{2028}太郎\u{85}様 \u{0} ")
        XCTAssertEqual(separators.displayName, "山田 太郎 様")
        XCTAssertNil(try MailAddress("a@b.jp", displayName: " \r\n\t ").displayName)
        XCTAssertEqual(try MailAddress("a@b.jp", displayName: "山田\u{3000}太郎").displayName, "山田\u{3000}太郎")
    }

    func testHeaderValueForms() throws {
        XCTAssertEqual(try MailAddress("a@b.jp").headerValue(), "a@b.jp")
        XCTAssertEqual(
            try MailAddress("a@b.jp", displayName: "Hikyaku Support").headerValue(),
            "Hikyaku Support <a@b.jp>")
        XCTAssertEqual(
            try MailAddress("a@b.jp", displayName: "Yamada, Taro").headerValue(),
            "\"Yamada, Taro\" <a@b.jp>")
        XCTAssertEqual(
            try MailAddress("a@b.jp", displayName: "say \"hi\" \\o/").headerValue(),
            "\"say \\\"hi\\\" \\\\o/\" <a@b.jp>")
        let japanese = try MailAddress("a@b.jp", displayName: "飛脚サポート").headerValue()
        XCTAssertEqual(japanese, "=?UTF-8?B?6aOb6ISa44K144Od44O844OI?= <a@b.jp>")
        let trick = try MailAddress("a@b.jp", displayName: "=?UTF-8?B?QUJD?=").headerValue()
        XCTAssertEqual(MIMETestSupport.decodeHeaderWords(trick), "=?UTF-8?B?QUJD?=")
    }
}
