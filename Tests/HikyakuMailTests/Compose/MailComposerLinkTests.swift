// MailComposerLinkTests.swift — links: "{token}" substituted byte for byte, as Foundation's replacingOccurrences did.
import Foundation
import XCTest
@testable import HikyakuMail

final class MailComposerLinkTests: XCTestCase {
    func testSubstitutionMatchesFoundationsReplacement() {
        let paths = [
            "/password/reset?token={token}", "/{token}/again/{token}", "/no-placeholder", "", "{token}",
            "/{tok}/{token", "/{{token}}", "/日本語/{token}?q=é", "/{TOKEN}/{token}{token}",
        ]
        for path in paths {
            for token in ["AbC-_09", "", "{token}", "é/ü"] {
                XCTAssertEqual(
                    MailComposer.substitute(token: token, in: path),
                    path.replacingOccurrences(of: "{token}", with: token), "\(path) with \(token)")
            }
        }
    }

    func testTheLinkCarriesTheToken() throws {
        let composer = try MailFixtures.composer()
        let link = composer.link(purpose: "password_reset", token: "T0K-en_")
        XCTAssertTrue(link.hasSuffix("/password/reset?token=T0K-en_"), link)
        XCTAssertFalse(link.contains("{token}"))
    }
}
