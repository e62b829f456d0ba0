// SixthKindTests.swift — a kind declared here, in the test target, validates, renders, lints and gets its secret.
import Foundation
import XCTest
import HikyakuBase
@testable import HikyakuMail

extension MailKind {
    /// A sixth kind, declared only here: nothing else in HikyakuMail knows it.
    static let accountRecovery = MailKind(
        name: "account_recovery",
        fields: [
            MailField("backup_email", .address),
            MailField("requested_at", .timestamp),
            MailField("channel", .choice(["web", "phone"], maxLength: 8), optional: true, default: "web"),
        ],
        variables: [.text("backup_email"), .dateTime("requested_at"), .flag("by_phone", field: "channel", equals: "phone")],
        secret: .link(purpose: "account_recovery", path: "/account/recover?token={token}", binding: ["backup_email"]),
        lifetime: 1800)
}

final class SixthKindTests: XCTestCase {
    let catalogue = MailCatalogue.standard.adding(.accountRecovery)

    func job(_ data: [String: JSONValue], locale: String = "en") -> [String: JSONValue] {
        [
            "version": 1, "kind": "account_recovery", "locale": .string(locale), "to": "omori@example.co.jp",
            "login_id": "sanka1", "data": .object(data),
        ]
    }

    let valid: [String: JSONValue] = ["backup_email": "omori.backup@example.jp", "requested_at": "2026-11-21T03:00:00Z"]

    /// The declaration and templates written for the kind, on top of a complete standard tree.
    func templates() throws -> TemplateTree {
        var files = TemplateTree.complete()
        for language in ["ja", "en"] {
            files["account_recovery/\(language).subject"] = "[\(language)] recover {{login_id}}\n"
            files["account_recovery/\(language).txt"] =
                "{{link}} until {{deadline}} ({{valid_minutes}} min, {{validity}}) for {{backup_email}} at {{requested_at}}"
                + "{{#by_phone}} by phone{{/by_phone}}\n{{> footer}}\n"
            files["account_recovery/\(language).html"] = "<p><a href=\"{{link}}\">{{backup_email}}</a></p>\n{{> footer}}\n"
        }
        return try TemplateTree(files, testCase: self)
    }

    func testItValidatesAsDeclared() throws {
        let parsed = try JobParser.parse(object: job(valid), catalogue: catalogue)
        XCTAssertEqual(parsed.kind, .accountRecovery)
        XCTAssertEqual(
            parsed.data,
            JobData([
                "backup_email": .text("omori.backup@example.jp"), "requested_at": .date(Date(timeIntervalSince1970: 1_795_230_000)),
                "channel": .text("web"),
            ]))
        func refusal(_ object: [String: JSONValue], catalogue: MailCatalogue) -> JobError? {
            do {
                _ = try JobParser.parse(object: object, catalogue: catalogue)
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(refusal(job(["requested_at": "2026-11-21T03:00:00Z"]), catalogue: catalogue), .missingField("data.backup_email"))
        XCTAssertEqual(refusal(job(valid.merging(["x": 1]) { $1 }), catalogue: catalogue), .unknownField("data.x"))
        XCTAssertEqual(
            refusal(job(valid.merging(["channel": "fax"]) { $1 }), catalogue: catalogue),
            .invalidValue(field: "data.channel", problem: "expected web or phone"))
        XCTAssertEqual(
            refusal(job(valid.merging(["requested_at": "soon"]) { $1 }), catalogue: catalogue),
            .invalidValue(field: "data.requested_at", problem: "not an RFC 3339 timestamp (e.g. 2026-11-21T12:05:00Z)"))
        // The shipped catalogue does not know it, and says which kinds it does know.
        XCTAssertEqual(
            refusal(job(valid), catalogue: .standard)?.description,
            "field \"kind\": unknown kind \"account_recovery\" (expected password_reset, login_notice, otp_code, email_change, deletion_notice)"
        )
    }

    func testItRendersWithItsSecretAndLifetime() throws {
        let tree = try templates()
        let composer = MailComposer(settings: ComposerSettings(), library: try TemplateLibrary(directory: tree.url, catalogue: catalogue))
        XCTAssertEqual(composer.settings.lifetime(for: .accountRecovery), 1800)
        let now = Date(timeIntervalSince1970: 1_795_259_100)
        let parsed = try JobParser.parse(object: job(valid.merging(["channel": "phone"]) { $1 }), catalogue: catalogue)
        let secret = composer.secret(for: parsed, token: "TOKEN", code: "000000", now: now)
        guard case .link(let url, let expiresAt, let lifetime) = secret else { return XCTFail("expected a link, got \(secret)") }
        XCTAssertEqual(url, "http://localhost:8080/account/recover?token=TOKEN")
        XCTAssertEqual(expiresAt, now.addingTimeInterval(1800))
        XCTAssertEqual(lifetime, 1800)
        let mail = try composer.compose(job: parsed, id: "r1", stamp: "s", date: now, secret: secret)
        XCTAssertEqual(mail.rendered.subject, "[en] recover sanka1")
        XCTAssertTrue(
            mail.rendered.text.hasPrefix(
                "http://localhost:8080/account/recover?token=TOKEN until 21 Nov 2026 20:35 JST (30 min, 30 minutes)"
                    + " for omori.backup@example.jp at 21 Nov 2026 12:00 JST by phone\n"),
            mail.rendered.text)
        XCTAssertTrue(String(decoding: mail.bytes, as: UTF8.self).contains("X-Hikyaku-Kind: account_recovery"))
        // The config's links and lifetimes reach it like any kind's.
        var settings = ComposerSettings()
        settings.links["account_recovery"] = "/r/{token}"
        settings.lifetimes["account_recovery"] = 120
        let configured = MailComposer(settings: settings, library: composer.library)
        guard case .link(let link, _, 120) = configured.secret(for: parsed, token: "T", code: "0", now: now) else {
            return XCTFail("expected a two-minute link")
        }
        XCTAssertEqual(link, "http://localhost:8080/r/T")
    }

    func testItLints() throws {
        let tree = try templates()
        XCTAssertEqual(TemplateLinter(catalogue: catalogue).check(directory: tree.url).map(\.description), [])
        // The shipped catalogue sees a stray directory; the extended one checks its names.
        XCTAssertEqual(
            TemplateLinter().check(directory: tree.url).map(\.description),
            [
                "account_recovery/:1:1: unknown kind directory (known kinds: password_reset, login_notice, otp_code, email_change, deletion_notice)"
            ])
        try tree.write("account_recovery/en.subject", "{{code}}\n")
        let known = MailKind.accountRecovery.templateVariables.sorted().joined(separator: ", ")
        XCTAssertEqual(
            TemplateLinter(catalogue: catalogue).check(directory: tree.url).map(\.description),
            ["account_recovery/en.subject:1:1: unknown variable \"code\" (known: \(known))"])
        XCTAssertEqual(
            MailKind.accountRecovery.templateVariables,
            MailKind.commonVariables.union(["link", "deadline", "validity", "valid_minutes", "backup_email", "requested_at", "by_phone"]))
    }
}
