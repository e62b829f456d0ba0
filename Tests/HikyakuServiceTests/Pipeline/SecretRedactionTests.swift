// SecretRedactionTests.swift — a relay reply that quotes the link or code is recorded redacted.
import XCTest
@testable import HikyakuMail

final class SecretRedactionTests: XCTestCase {
    let token = "1OOAVrDu2PyQuDYEuwBSkzyrYfAaJ9dpqnWarH-kscc"

    func testLinksTokensAndCodesAreRedacted() {
        let link = IssuedSecret.link(url: "https://portal.example.jp/password/reset?token=\(token)", expiresAt: Date(), lifetime: 3600)
        XCTAssertEqual(
            link.redacting("550 5.7.1 blocked URL https://portal.example.jp/password/reset?token=\(token)"),
            "550 5.7.1 blocked URL [redacted]")
        XCTAssertEqual(link.redacting("550 token \(token) looks suspicious"), "550 token [redacted] looks suspicious")
        let inPath = IssuedSecret.link(url: "https://portal.example.jp/r/\(token)/confirm", expiresAt: Date(), lifetime: 60)
        XCTAssertEqual(inPath.redacting("554 \(token)"), "554 [redacted]")
        let code = IssuedSecret.code("042913", expiresAt: Date(), lifetime: 600)
        XCTAssertEqual(code.redacting("550 content 042913 rejected"), "550 content [redacted] rejected")
        XCTAssertEqual(IssuedSecret.none.redacting("250 2.0.0 Ok"), "250 2.0.0 Ok")
    }

    /// A combining mark after the quoted link joins its last character into one grapheme; a
    /// grapheme-aware search (`replacingOccurrences`) then finds nothing and the token stayed.
    func testASecretFollowedByACombiningMarkIsStillRedacted() {
        let url = "https://portal.example.jp/password/reset?token=\(token)"
        let link = IssuedSecret.link(url: url, expiresAt: Date(), lifetime: 3600)
        XCTAssertEqual(link.redacting("550 \(url)\u{3099} rejected"), "550 [redacted]\u{3099} rejected")
        XCTAssertEqual(link.redacting("550 \(token)\u{301}"), "550 [redacted]\u{301}")
        let code = IssuedSecret.code("042913", expiresAt: Date(), lifetime: 600)
        XCTAssertEqual(code.redacting("550 042913\u{20DD} x 042913"), "550 [redacted]\u{20DD} x [redacted]")
    }
}
