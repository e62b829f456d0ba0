// SixthKindWorkerTests.swift — a kind declared in the test target goes through the worker's path: parsed, issued, mailed, shown.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens
@testable import HikyakuMail
@testable import HikyakuSpool
@testable import HikyakuDelivery
@testable import HikyakuService

extension MailKind {
    /// A sixth kind, declared only here, sharing the token store's `password_reset` purpose.
    static let accountRecovery = MailKind(
        name: "account_recovery",
        fields: [MailField("backup_email", .address), MailField("requested_at", .timestamp)],
        variables: [.text("backup_email"), .dateTime("requested_at")],
        secret: .link(purpose: "password_reset", path: "/account/recover?token={token}", binding: ["backup_email"]),
        lifetime: 1800)
}

final class SixthKindWorkerTests: XCTestCase {
    let start = Date(timeIntervalSince1970: 1_795_262_700)
    let catalogue = MailCatalogue.standard.adding(.accountRecovery)
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sixth-kind-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    /// The repository's templates plus the new kind's, in a temporary directory.
    func templates() throws -> URL {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let templates = root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: repository.appendingPathComponent("templates"), to: templates)
        let kind = templates.appendingPathComponent("account_recovery")
        try FileManager.default.createDirectory(at: kind, withIntermediateDirectories: true)
        for language in ["ja", "en"] {
            let files = [
                "subject": "[\(language)] recover {{login_id}}\n",
                "txt": "{{link}}\n{{backup_email}} {{requested_at}} {{validity}}\n{{> footer}}\n",
                "html": "<p><a href=\"{{link}}\">{{backup_email}}</a></p>\n{{> footer}}\n",
            ]
            for (part, text) in files { try Data(text.utf8).write(to: kind.appendingPathComponent("\(language).\(part)")) }
        }
        return templates
    }

    func testTheWorkerIssuesMailsAndShowsItsLink() throws {
        let clock = FixedClock(start)
        let spool = DirectorySpool(root: root.appendingPathComponent("spool").path)
        try spool.prepare()
        let tokens = TokenStore(
            directory: root.appendingPathComponent("state"), secret: try ServerSecret(bytes: Array(0x20..<0x40)), clock: clock)
        var config = Config()
        config.state = root.appendingPathComponent("state").path  // the token store's, and the rate limits'
        let library = try TemplateLibrary(directory: try templates(), catalogue: catalogue)
        XCTAssertEqual(TemplateLinter(catalogue: catalogue).check(directory: library.directory).map(\.description), [])
        let processor = JobProcessor(
            spool: spool, tokens: tokens, composer: MailComposer(config: config, library: library), config: config, clock: clock,
            log: Log(sink: .collect(LineCollector()), clock: clock))
        let job: [String: Any] = [
            "version": 1, "kind": "account_recovery", "locale": "en", "to": "user@example.com", "login_id": "user1",
            "data": ["backup_email": "backup@example.org", "requested_at": "2026-11-21T12:00:00Z"],
        ]
        try spool.enqueue(id: "r1", data: try JSONSerialization.data(withJSONObject: job))

        let outcome = OneShot<DeliveryOutcome?>()
        let prepared = processor.prepare(ids: ["r1"]) { _, result in outcome.finish(result) }
        XCTAssertEqual(prepared.count, 1)
        guard let mail = prepared.first, case .link(let url, let expiresAt, 1800) = mail.secret else {
            return XCTFail("expected a 30-minute link")
        }
        XCTAssertTrue(url.hasPrefix("http://localhost:8080/account/recover?token="), url)
        XCTAssertEqual(expiresAt, start.addingTimeInterval(1800))
        XCTAssertTrue(
            mail.mail.rendered.text.hasPrefix("\(url)\nbackup@example.org 21 Nov 2026 21:00 JST 30 minutes\n"), mail.mail.rendered.text)
        processor.deliver(mail, transport: ScriptedTransport(DeliveryResult(outcome: .sent, code: 250, reply: "250 ok", phase: .done)))
        XCTAssertEqual(outcome.wait(), .sent)

        // The link is the password_reset purpose's, bound to the recipient and the backup address.
        let token = String(url.split(separator: "=").last!)
        for email in ["user@example.com", "backup@example.org"] {
            let verdict = try tokens.peek(token: token, loginID: "user1", email: email, purpose: .passwordReset)
            XCTAssertTrue(verdict.valid, email)
            XCTAssertEqual(verdict.expiresAt, start.addingTimeInterval(1800))
        }
        XCTAssertFalse(try tokens.peek(token: token, loginID: "user1", email: "other@example.org").valid)

        // `show` finds its link through the same catalogue.
        let detail = try XCTUnwrap(Operations(spool: spool, tokens: tokens, clock: clock, catalogue: catalogue).show(id: "r1"))
        guard case .link(.passwordReset, let state?)? = detail.token else {
            return XCTFail("expected a link state, got \(detail.token as Any)")
        }
        XCTAssertEqual(state.status, .active)
        XCTAssertNil(Operations(spool: spool, tokens: tokens, clock: clock).show(id: "r1")?.token)

        // Its metrics series exist from the start.
        XCTAssertEqual(Metrics(catalogue: processor.catalogue).snapshot().deliveries[.init(kind: "account_recovery", outcome: "sent")], 0)
    }

    func testEveryStandardKindMapsToTheTokenStore() {
        XCTAssertEqual(MailKind.passwordReset.tokenSecret, .link(.passwordReset, binding: []))
        XCTAssertEqual(MailKind.emailChange.tokenSecret, .link(.emailChange, binding: ["new_email"]))
        XCTAssertEqual(MailKind.otpCode.tokenSecret, .code)
        XCTAssertEqual(MailKind.loginNotice.tokenSecret, .none)
        XCTAssertEqual(MailKind.deletionNotice.tokenSecret, .none)
        XCTAssertEqual(MailKind.accountRecovery.tokenSecret, .link(.passwordReset, binding: ["backup_email"]))
        XCTAssertEqual(Set(MailCatalogue.standard.linkPurposes), Set(LinkPurpose.allCases.map(\.rawValue)))
    }
}
