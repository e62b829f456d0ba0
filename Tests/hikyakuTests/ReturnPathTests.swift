// ReturnPathTests.swift — VERP end to end: the built binary's MAIL FROM carries a tag that verifies, and `inbound parse` checks tags.
import Foundation
import HikyakuTokens
import XCTest

@testable import HikyakuService

final class ReturnPathTests: XCTestCase {
    static let returnPath = "bounces@bounce.portal.example.jp"

    /// The DSN template filled in, written into `space` as `name`.
    func writeDSN(_ space: Workspace, _ name: String, sender: String, recipient: String, messageID: String) throws -> String {
        let text = try DSNTemplate.filled(sender: sender, recipient: recipient, messageID: messageID)
        let path = space.root.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `inbound parse FILE --json`'s `tag` object.
    func parsedTag(_ space: Workspace, _ path: String, withConfig: Bool = true) throws -> [String: Any] {
        let result = try space.run(["inbound", "parse", path, "--json"], withConfig: withConfig)
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try XCTUnwrap(object["tag"] as? [String: Any])
    }

    func testTheMailFromOfASentJobCarriesATagThatVerifiesForItsJobAndRecipient() throws {
        let space = try Workspace()
        defer { space.remove() }
        let relay = try Relay()
        defer { relay.stop() }
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(relay.port)",
            extra: ["return_path": Self.returnPath, "from": ["address": "noreply@portal.example.jp"]])
        let id = "Verp-Job_01JB7Q3ZK4"
        try space.drop(fixture: "jobs/password_reset-ja.json", id: id)
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("sent").count, 1, run.stderr)

        let sender = try XCTUnwrap(relay.facts(1)["mail_from"] as? String)
        XCTAssertTrue(sender.hasPrefix("bounces+j"), sender)
        XCTAssertTrue(sender.hasSuffix("@bounce.portal.example.jp"), sender)
        XCTAssertLessThanOrEqual(sender.split(separator: "@")[0].utf8.count, 64)
        XCTAssertEqual(relay.facts(1)["rcpt_tos"] as? [String], ["omori@example.co.jp"])
        // The message itself is unchanged: From is the From address, no tag in any header.
        let message = String(decoding: try XCTUnwrap(relay.messages().first), as: UTF8.self)
        XCTAssertTrue(message.contains("<noreply@portal.example.jp>"), message)
        XCTAssertFalse(message.contains("bounces"), "the tag is in the envelope only")
        let messageID = try XCTUnwrap(
            message.components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: <") }?.dropFirst(13).dropLast())

        let secret = try ServerSecret.load(path: space.state.appendingPathComponent("secret").path, createIfMissing: false)
        let keys = ReturnPathKeys(current: ReturnPathKey(secret: secret))
        let verdict = ReturnPathTag.verify(
            address: sender, recipients: ["omori@example.co.jp"], messageID: String(messageID), keys: keys, now: Date())
        XCTAssertEqual(verdict, TagVerdict(present: true, valid: true, jobID: id))
        XCTAssertFalse(
            ReturnPathTag.verify(address: sender, recipients: ["someone@example.co.jp"], messageID: nil, keys: keys, now: Date()).valid)

        // The bounce Postfix would return for it verifies through the binary, with the worker's secret.
        let dsn = try writeDSN(space, "bounce.eml", sender: sender, recipient: "omori@example.co.jp", messageID: String(messageID))
        let tag = try parsedTag(space, dsn)
        XCTAssertEqual(tag["valid"] as? Bool, true, "\(tag)")
        XCTAssertEqual(tag["job"] as? String, id)
    }

    func testWithoutReturnPathTheFromAddressIsTheSender() throws {
        let space = try Workspace()
        defer { space.remove() }
        let relay = try Relay()
        defer { relay.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(relay.port)", extra: ["from": ["address": "noreply@portal.example.jp"]])
        try space.drop(fixture: "jobs/login_notice-en.json", id: "plain")
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(relay.facts(1)["mail_from"] as? String, "noreply@portal.example.jp")
    }

    func testParseReportsValidOnlyForARealTagUnderTheConfiguredSecret() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.writeConfig(
            transport: "file:\(space.root.appendingPathComponent("outbox").path)", extra: ["return_path": Self.returnPath])
        let job = "01JB7Q3ZK4RZ8M2V6T3WQ9XHNA"
        let messageID = "\(job).5f1c2e8a9b3d4c71@portal.example.jp"
        let recipient = "nobody@example.com"
        // No secret yet: a tag is seen but nothing can verify it.
        let unsigned = try writeDSN(
            space, "unsigned.eml", sender: "bounces+jaaaaaaaaaaaaaaaaaaaaa01jb7q@x.jp", recipient: recipient, messageID: messageID)
        XCTAssertEqual(try parsedTag(space, unsigned)["valid"] as? Bool, false)

        // A test secret in the state directory, and a tag made from it for today.
        try FileManager.default.createDirectory(at: space.state, withIntermediateDirectories: true)
        chmod(space.state.path, 0o700)
        let secretBytes = Array(UInt8(7)..<UInt8(39))
        let secretPath = space.state.appendingPathComponent("secret").path
        XCTAssertTrue(
            FileManager.default.createFile(atPath: secretPath, contents: Data(secretBytes), attributes: [.posixPermissions: 0o600]))
        let key = ReturnPathKey(secret: try ServerSecret(bytes: secretBytes))
        let sender = ReturnPathTag.envelopeSender(
            returnPath: Self.returnPath, jobID: job, messageID: messageID, recipient: recipient, on: Date(), key: key)
        let good = try writeDSN(space, "good.eml", sender: sender, recipient: recipient, messageID: messageID)
        let tag = try parsedTag(space, good)
        XCTAssertEqual(tag["present"] as? Bool, true)
        XCTAssertEqual(tag["valid"] as? Bool, true, "\(tag)")
        XCTAssertEqual(tag["job"] as? String, job)

        let forged = sender.replacingOccurrences(of: "01jb7q3", with: "01jb7q4")
        XCTAssertNotEqual(forged, sender)
        let tampered = try writeDSN(space, "tampered.eml", sender: forged, recipient: recipient, messageID: messageID)
        let bad = try parsedTag(space, tampered)
        XCTAssertEqual(bad["present"] as? Bool, true)
        XCTAssertEqual(bad["valid"] as? Bool, false)
        XCTAssertTrue(bad["job"] is NSNull, "\(bad)")

        let other = try writeDSN(space, "other.eml", sender: sender, recipient: "somebody@example.com", messageID: messageID)
        XCTAssertEqual(try parsedTag(space, other)["valid"] as? Bool, false)
        // Without a config (so without the secret) nothing verifies.
        let elsewhere = try Workspace()
        defer { elsewhere.remove() }
        XCTAssertEqual(try parsedTag(elsewhere, good, withConfig: false)["valid"] as? Bool, false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.spool.path), "parse touched the spool")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: space.state.path), ["secret"], "parse touched the state")
    }
}
