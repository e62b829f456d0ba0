// SeedTrustTests.swift — a token store that fails at first still gets its mail out; a seed copied into new/ opens nothing.
import Foundation
import XCTest

final class SeedTrustTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    private func consume(_ token: String, login: String, email: String) throws -> CLIResult {
        try space.run(["token", "consume", "--token", token, "--login", login, "--email", email])
    }

    func testALinkAndACodeDeferredByAnUnwritableTokenStoreAreDeliveredOnceItIsWritable() throws {
        try space.writeFileConfig()
        try space.runWorker()  // creates the state directories
        var undo: [() -> Void] = []
        defer { for step in undo { step() } }
        for name in ["tokens", "otp"] {
            undo.append(try makeUnwritable(space.state.appendingPathComponent(name).path))
        }
        try space.enqueue(id: "reset", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        try space.enqueue(id: "code", kind: "otp_code", login: "itonaoki", to: "naoki.ito@example.co.jp")
        try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["code.json", "reset.json"])
        XCTAssertNil(try space.outboxMail(job: "reset"))
        // A seed the store never recorded is not kept: the retry issues afresh.
        XCTAssertNil(try space.record("deferred", "reset")["seed"])

        for step in undo { step() }
        undo = []
        // A real retry comes ~30 s later; past the 1.5 s a recorded issue time is allowed to differ.
        sleep(2)
        XCTAssertEqual(try space.run(["flush"]).status, 0)
        try space.runWorker()
        XCTAssertEqual(space.files("sent"), ["code.json", "reset.json"], "\(space.files("failed"))")
        let resetMail = try XCTUnwrap(try space.outboxMail(job: "reset"))
        let link = try XCTUnwrap(DeliveredSecret.find(in: resetMail.text, kind: "password_reset"))
        XCTAssertEqual(try consume(link.value, login: "sanka1", email: "omori@example.co.jp").status, 0, "the mailed link works")
        let codeMail = try XCTUnwrap(try space.outboxMail(job: "code"))
        let code = try XCTUnwrap(DeliveredSecret.find(in: codeMail.text, kind: "otp_code"))
        let verified = try space.run(["otp", "verify", "--login", "itonaoki", "--code", code.value])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
    }

    func testARecordInNewCarryingAnotherJobsSeedNeverMailsThatJobsLink() throws {
        try space.writeFileConfig()
        let victim = try space.issue(id: "victim", kind: "password_reset", login: "sanka1", to: "omori@example.co.jp")
        let stolen = try space.record("sent", "victim")
        XCTAssertNotNil(stolen["seed"])
        XCTAssertNotNil(stolen["seed_mac"])
        // Record-shaped files naming the victim's login, its seed (with and without its MAC), another address.
        for (id, mac) in [("forged", stolen["seed_mac"]), ("legacy", nil)] {
            var forged: [String: Any] = [
                "record_version": 1, "id": id, "received_at": "2026-11-21T12:00:00Z", "attempts": [],
                "job": [
                    "version": 1, "kind": "password_reset", "locale": "en", "to": "mallory@example.net", "login_id": "sanka1",
                    "data": [String: Any](),
                ],
                "seed": stolen["seed"] as Any, "issued_at": stolen["issued_at"] as Any, "expires_at": stolen["expires_at"] as Any,
            ]
            if let mac { forged["seed_mac"] = mac }
            let bytes = try JSONSerialization.data(withJSONObject: forged, options: [.sortedKeys])
            try bytes.write(to: space.spool.appendingPathComponent("new/\(id).json"))
        }
        let run = try space.runWorker()
        XCTAssertEqual(
            BackgroundRun.events("seed_untrusted", in: run.stderr).compactMap { $0["job"] as? String }.sorted(), ["forged", "legacy"])
        for id in ["forged", "legacy"] {
            let mail = try XCTUnwrap(try space.outboxMail(job: id), "\(id): \(space.files("failed"))")
            let mailed = try XCTUnwrap(DeliveredSecret.find(in: mail.text, kind: "password_reset"))
            XCTAssertNotEqual(mailed.value, victim.value, "\(id): the victim's token was mailed to another address")
            XCTAssertNotEqual(try consume(mailed.value, login: "sanka1", email: "omori@example.co.jp").status, 0, id)
            XCTAssertFalse(
                String(decoding: try Data(contentsOf: space.spool.appendingPathComponent("sent/\(id).json")), as: UTF8.self).contains(
                    stolen["seed"] as? String ?? "?"), "\(id): a fresh seed")
        }
    }
}
