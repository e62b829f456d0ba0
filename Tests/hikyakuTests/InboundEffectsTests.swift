// InboundEffectsTests.swift — a returned DSN through the built binary: the address suppressed, the job bounced, its link revoked, the event written.
import Foundation
import HikyakuTokens
import XCTest

@testable import HikyakuService

final class InboundEffectsTests: XCTestCase {
    static let recipient = "omori@example.co.jp"

    /// The DSN template filled in for `sender` (the job's MAIL FROM) and `messageID`.
    func dsn(sender: String, recipient: String = recipient, messageID: String) throws -> String {
        try DSNTemplate.filled(sender: sender, recipient: recipient, messageID: messageID)
    }

    /// Sends job `id` (a password reset to `recipient`) through the relay; returns its MAIL FROM,
    /// Message-ID and link token.
    func send(_ space: Workspace, relay: Relay, id: String, index: Int) throws -> (sender: String, messageID: String, token: String) {
        try space.drop(fixture: "jobs/password_reset-ja.json", id: id)
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let sender = try XCTUnwrap(relay.facts(index)["mail_from"] as? String)
        let message = String(decoding: relay.messages()[index - 1], as: UTF8.self)
        let messageID = try XCTUnwrap(
            message.components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: <") }?.dropFirst(13).dropLast())
        let copy = space.root.appendingPathComponent("sent-\(index).eml")
        try relay.messages()[index - 1].write(to: copy)
        let judged = try XCTUnwrap(try JudgedMail.judge([copy.path]).first)
        let token = try XCTUnwrap(DeliveredSecret.find(in: judged.text, kind: "password_reset")?.value)
        return (sender, String(messageID), token)
    }

    func events(_ space: Workspace) throws -> [[String: Any]] {
        let result = try space.run(["events", "--json", "--keep"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func testAVerifiedHardBounceSuppressesBouncesRevokesAndTellsTheWebTierOnce() throws {
        let space = try Workspace()
        defer { space.remove() }
        let relay = try Relay()
        defer { relay.stop() }
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(relay.port)",
            extra: ["return_path": "bounces@bounce.portal.example.jp", "from": ["address": "noreply@portal.example.jp"]])
        let sent = try send(space, relay: relay, id: "reset-1", index: 1)
        XCTAssertEqual(try space.run(["token", "peek", "--token", sent.token]).status, 0, "the link works before the bounce")
        _ = try space.run(["events"])

        // Postfix's DSN comes back through the pipe command, twice (an MTA may retry a delivery).
        let bounce = try dsn(sender: sent.sender, messageID: sent.messageID)
        for _ in 0..<2 { XCTAssertEqual(try space.run(["inbound", "deliver"], stdin: bounce).status, 0) }
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)

        XCTAssertEqual(space.files("bounced"), ["reset-1.json"])
        XCTAssertEqual(space.files("sent"), [])
        let list = try space.run(["list"])
        XCTAssertTrue(list.stdout.contains("bounced: 5.1.1 userunknown"), list.stdout)
        let show = try space.run(["show", "reset-1"])
        XCTAssertTrue(show.stdout.contains("hard bounce 5.1.1 userunknown"), show.stdout)
        let status = try jsonObject(try space.run(["status", "--json"]))
        XCTAssertEqual(((status["states"] as? [String: Any])?["bounced"] as? [String: Any])?["count"] as? Int, 1, "\(status)")

        let check = try space.run(["suppression", "check", "--email", Self.recipient])
        XCTAssertEqual(check.status, 1, check.stdout)
        let entry = try jsonObject(try space.run(["suppression", "show", Self.recipient, "--json"]))
        XCTAssertEqual(entry["count"] as? Int, 1, "two copies of one bounce count once: \(entry)")
        XCTAssertNotEqual(try space.run(["token", "peek", "--token", sent.token]).status, 0, "the bounced mail's link is revoked")

        let bounced = try events(space).filter { $0["state"] as? String == "bounced" }
        XCTAssertEqual(bounced.count, 1, "\(bounced)")
        XCTAssertEqual(bounced.first?["job"] as? String, "reset-1")
        XCTAssertEqual(bounced.first?["to"] as? String, "o****@example.co.jp")
        XCTAssertFalse("\(bounced)".contains(Self.recipient), "the event never carries the full address")

        // The next job to that address is not sent: it fails `suppressed`, and the web tier hears of it.
        try space.drop(fixture: "jobs/password_reset-ja.json", id: "reset-2")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(relay.messages().count, 1, "nothing more reached the relay")
        XCTAssertEqual(space.files("failed").filter { $0.hasSuffix(".json") }, ["reset-2.json"])
        let failed = try events(space).first { $0["job"] as? String == "reset-2" }
        XCTAssertTrue((failed?["reason"] as? String)?.hasPrefix("suppressed:") == true, "\(String(describing: failed))")
    }

    func testABounceWhoseTagDoesNotVerifyIsOnlyNoted() throws {
        let space = try Workspace()
        defer { space.remove() }
        let relay = try Relay()
        defer { relay.stop() }
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(relay.port)", extra: ["return_path": "bounces@bounce.portal.example.jp"])
        let sent = try send(space, relay: relay, id: "reset-3", index: 1)
        // The tag of another recipient: the MAC does not verify for this bounce; the Message-ID still names the job.
        let forged = try dsn(sender: sent.sender, recipient: "someone.else@example.co.jp", messageID: sent.messageID)
        XCTAssertEqual(try space.run(["inbound", "deliver"], stdin: forged).status, 0)
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)

        XCTAssertEqual(space.files("sent"), ["reset-3.json"], "an unverified bounce never moves the job")
        XCTAssertEqual(try space.run(["suppression", "check", "--email", "someone.else@example.co.jp"]).status, 0)
        XCTAssertEqual(try space.run(["suppression", "check", "--email", Self.recipient]).status, 0)
        XCTAssertEqual(try space.run(["token", "peek", "--token", sent.token]).status, 0, "the link still works")
        XCTAssertFalse(try events(space).contains { ($0["state"] as? String)?.contains("bounce") == true })
        let show = try space.run(["show", "reset-3"])
        XCTAssertTrue(show.stdout.contains("unverified"), show.stdout)
    }
}
