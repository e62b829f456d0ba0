// InboundRedactionTests.swift — links, codes and tokens out of returned mail; and list/show of a bounce that carries them.
import Foundation
import HikyakuBase
import HikyakuSpool
import XCTest

@testable import HikyakuService

final class InboundRedactionTests: XCTestCase {
    private func redact(_ text: String, digits: Bool = true) -> String { InboundRedaction.redact(text, digits: digits) }

    func testURLsKeepSchemeAndHostOnly() {
        XCTAssertEqual(
            redact("open https://portal.example.jp/password/reset?token=abc now"), "open https://portal.example.jp/[redacted] now")
        XCTAssertEqual(redact("<a href=\"http://user:pw@host.example:8080/x#frag\">"), "<a href=\"http://host.example:8080/[redacted]\">")
        XCTAssertEqual(redact("home: https://portal.example.jp"), "home: https://portal.example.jp")
        XCTAssertEqual(redact("https://portal.example.jp?code=1"), "https://portal.example.jp/[redacted]")
    }

    func testStandaloneFourToEightDigitRunsAreCodes() {
        XCTAssertEqual(redact("Your one-time password is 482915."), "Your one-time password is [redacted].")
        XCTAssertEqual(redact("ワンタイムパスワード：482915"), "ワンタイムパスワード：[redacted]")
        XCTAssertEqual(redact("コード４８２９１５です"), "コード[redacted]です")
        XCTAssertEqual(redact("1234 12345678"), "[redacted] [redacted]")
        XCTAssertEqual(redact("550 5.1.1 abc123456 123456789 x1234"), "550 5.1.1 abc123456 123456789 x1234")
        XCTAssertEqual(redact("Arrival-Date: 9 Dec 2024", digits: false), "Arrival-Date: 9 Dec 2024")
    }

    func testISO2022JPEscapesDoNotShieldACode() {
        // ESC $ B (JIS X 0208) "コード" ESC ( B, then the code: the B of the escape must not hide it.
        let text = "\u{1B}$B%3!<%I\u{1B}(B482915"
        XCTAssertEqual(redact(text), "コード[redacted]")
    }

    func testTokenLikeRunsAndAddresses() {
        XCTAssertEqual(redact("token=Zq3xV9-kLm2Pw8_RtY6uNb4HsD"), "token=[redacted]")
        XCTAssertEqual(redact("internationalization"), "internationalization")
        XCTAssertEqual(redact("<taro.yamada@example.org>"), "<t****@example.org>")
    }

    func testListAndShowOfABounceCarryingALinkAndACodeRevealNeither() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("inshow-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spool = DirectorySpool(root: root)
        try spool.prepare()
        let bytes = try Data(contentsOf: InboundFixtureTests.fixtures.appendingPathComponent("postfix-dsn-returned-secrets.eml"))
        let name = try spool.inbound.store([UInt8](bytes), truncated: false, at: Date())
        InboundProcessor(inbound: spool.inbound, maildir: nil, keys: nil, clock: SystemClock(), log: .silent).pass()
        let inventory = InboundInventory(inbound: spool.inbound)
        let entries = try inventory.entries()
        XCTAssertEqual(entries.map(\.name), [name])
        let entry = try XCTUnwrap(inventory.entry(name))
        let outputs = [
            InboundInventory.listText(entries, zone: .utc), InboundInventory.listJSON(entries), inventory.showText(entry, zone: .utc),
            inventory.showJSON(entry),
        ]
        for output in outputs {
            for secret in ["482915", "Zq3xV9", "taro.yamada", "token="] {
                XCTAssertFalse(output.contains(secret), "\(secret) in \(output)")
            }
        }
        XCTAssertTrue(outputs[0].contains("userunknown (hard)"), outputs[0])
        XCTAssertTrue(outputs[0].contains("t****@example.org"), outputs[0])
        XCTAssertTrue(outputs[2].contains("https://portal.example.jp/[redacted]"), outputs[2])
        XCTAssertTrue(outputs[2].contains("ワンタイムパスワード：[redacted]"), outputs[2])
        XCTAssertTrue(outputs[2].contains("Subject: パスワード再設定"), "encoded words are decoded: \(outputs[2])")
        let show = try XCTUnwrap(try JSONValue.parse(Data(outputs[3].utf8)).objectValue)
        XCTAssertEqual(show["report"]?.objectValue?["kind"]?.stringValue, "bounce")
        XCTAssertEqual(show["job"]?.stringValue, "01JEPW4R7N2K8Q5Z3X6Y9T1VBM")
    }
}
