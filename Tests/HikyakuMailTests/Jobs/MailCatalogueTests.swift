// MailCatalogueTests.swift — the shipped catalogue declares what the five kinds always were.
import Foundation
import XCTest
import HikyakuBase
@testable import HikyakuMail

final class MailCatalogueTests: XCTestCase {
    func testTheStandardKindsInOrder() {
        XCTAssertEqual(
            MailCatalogue.standard.names, ["password_reset", "login_notice", "otp_code", "email_change", "deletion_notice"])
        XCTAssertEqual(MailCatalogue.standard.kind(named: "otp_code"), .otpCode)
        XCTAssertNil(MailCatalogue.standard.kind(named: "account_locked"))
    }

    func testTemplateVariablesPerKind() {
        let perKind: [String: Set<String>] = [
            "password_reset": ["link", "deadline", "validity", "valid_minutes", "initial"],
            "login_notice": ["logged_in_at", "ip", "device"],
            "otp_code": ["code", "deadline", "validity", "valid_minutes"],
            "email_change": ["link", "new_email", "deadline", "validity", "valid_minutes"],
            "deletion_notice": ["removed_at"],
        ]
        XCTAssertEqual(MailKind.commonVariables, ["to_name", "to", "login_id", "support"])
        for kind in MailCatalogue.standard.kinds {
            XCTAssertEqual(kind.templateVariables, perKind[kind.name]?.union(MailKind.commonVariables), kind.name)
        }
    }

    func testSecretsLifetimesAndLinks() {
        XCTAssertEqual(MailCatalogue.standard.lifetimes, ["password_reset": 3600, "email_change": 86400, "otp_code": 600])
        XCTAssertEqual(ComposerSettings().lifetimes, MailCatalogue.standard.lifetimes)
        XCTAssertEqual(MailCatalogue.standard.linkPurposes, ["password_reset", "email_change"])
        XCTAssertEqual(
            ComposerSettings().links,
            ["password_reset": "/password/reset?token={token}", "email_change": "/email/confirm?token={token}"])
        XCTAssertEqual(MailCatalogue.standard.kinds.filter(\.carriesSecret).map(\.name), ["password_reset", "otp_code", "email_change"])
        XCTAssertEqual(MailKind.otpCode.secret, .code)
        XCTAssertEqual(MailKind.loginNotice.secret, .none)
        XCTAssertNil(MailKind.deletionNotice.lifetime)
        XCTAssertEqual(MailKind.emailChange.linkPurpose, "email_change")
    }

    func testExamplesAreValidJobs() throws {
        for kind in MailCatalogue.standard.kinds {
            for index in 0..<4 {
                let data = Dictionary(uniqueKeysWithValues: kind.fields.map { ($0.name, JSONValue.string($0.example(index))) })
                let object: [String: JSONValue] = [
                    "version": 1, "kind": .string(kind.name), "locale": "ja", "to": "a@example.jp", "login_id": "l", "data": .object(data),
                ]
                XCTAssertEqual(try JobParser.parse(object: object).kind, kind)
            }
        }
    }

    func testAlternativesAreWordedAsBefore() {
        XCTAssertEqual(MailField.alternatives(["reset", "initial"]), "reset or initial")
        XCTAssertEqual(MailField.alternatives(["a", "b", "c"]), "a, b or c")
        XCTAssertEqual(MailField.alternatives(["a"]), "a")
    }
}
