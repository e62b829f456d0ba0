// JobProcessorRetryTests+Seeds.swift — a retry reuses only a sealed seed; a legacy one gets a fresh link, the old superseded.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens
@testable import HikyakuMail
@testable import HikyakuSpool
@testable import HikyakuDelivery
@testable import HikyakuService

extension JobProcessorRetryTests {
    /// The seed the link of reset job `id` (user1, user@example.com) is issued with: its record's seed, bound and checked.
    func boundSeed(_ state: SpoolState, _ id: String, tokens: TokenStore) throws -> [UInt8] {
        let stored = try record(state, id)
        let binding = SeedBinding(jobID: id, purpose: "password_reset", loginID: "user1", addresses: ["user@example.com"])
        return try XCTUnwrap(tokens.trustedSeed(stored["seed"] as? String, mac: stored["seed_mac"] as? String, binding: binding))
    }

    func testARetryOfARecordWrittenBeforeSeedsWereSealedIssuesAFreshLinkAndSupersedesTheOld() throws {
        let processor = try makeProcessor { _ in }
        try enqueue("r1", kind: "password_reset")
        let busy = ScriptedTransport(DeliveryResult(outcome: .deferred, code: 450, reply: "450 4.3.0 busy", phase: .rcpt))
        XCTAssertEqual(processor.process(id: "r1", transport: busy), .deferred)
        XCTAssertNotNil(try record(.deferred, "r1")["seed_mac"], "a fresh seed is sealed")

        // As the previous version left it: a bare seed, its link derived from the seed alone.
        let legacy = ServerSecret.randomSeed()
        var stored = JobRecord.decode(
            id: "r1", object: try JobParser.jsonObject(try spool.read(id: "r1", in: .deferred)), now: clock.now())
        stored.seed = Base64URL.encode(legacy)
        stored.seedMAC = nil
        try spool.rewrite(id: "r1", in: .deferred, data: stored.encoded(), modified: clock.now())
        let old = try processor.tokens.issueLink(
            purpose: .passwordReset, loginID: "user1", emails: ["user@example.com"], seed: legacy, lifetime: 3600, jobID: "r1")
        XCTAssertEqual(old.status, .active)

        clock.advance(by: 60)
        XCTAssertNil(try spool.requeueIfDue(id: "r1", now: clock.now()))
        let relay = ScriptedTransport(DeliveryResult(outcome: .sent, code: 250, reply: "250 2.0.0 Ok", phase: .done))
        XCTAssertEqual(processor.process(id: "r1", transport: relay), .sent)
        let sent = try record(.sent, "r1")
        XCTAssertNotEqual(sent["seed"] as? String, Base64URL.encode(legacy), "an unsealed seed is never reused")
        XCTAssertNotNil(sent["seed_mac"])
        XCTAssertEqual(sent["record_version"] as? Int, 2)
        XCTAssertEqual(try processor.tokens.linkState(seed: legacy, purpose: .passwordReset)?.status, .superseded)
        XCTAssertEqual(lines.lines.filter { $0.contains("\"event\":\"seed_untrusted\"") }.count, 1)
        XCTAssertFalse(lines.lines.contains { $0.contains(Base64URL.encode(legacy)) }, "no seed in the log")
    }
}
