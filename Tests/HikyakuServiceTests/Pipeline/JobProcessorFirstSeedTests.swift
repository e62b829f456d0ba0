// JobProcessorFirstSeedTests.swift — a first issue's seed derived from the job file: nothing written before the send, the same link on every attempt until the record.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens
@testable import HikyakuMail
@testable import HikyakuSpool
@testable import HikyakuDelivery
@testable import HikyakuService

extension JobProcessorRetryTests {
    /// The link a prepared job carries.
    func link(_ prepared: PreparedJob) throws -> String {
        guard case .link(let url, _, _) = prepared.secret else { throw XCTSkip("not a link") }
        return url
    }

    func testAFirstIssueWritesNothingBeforeTheSendAndItsRecordKeepsTheSealedDerivedSeed() throws {
        clock.set(Date())  // the job file is written now: young enough to derive from
        let processor = try makeProcessor { _ in }
        try enqueue("r1", kind: "password_reset")
        let handedOff = try Data(contentsOf: URL(fileURLWithPath: spool.path(.new, "r1.json")))
        let prepared = processor.prepare(ids: ["r1"]) { _, _ in }
        XCTAssertEqual(prepared.count, 1)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: spool.path(.active, "r1.json"))), handedOff, "active/ is untouched")
        XCTAssertEqual(lines.lines.filter { $0.contains("seed") }, [])

        processor.deliver(
            prepared[0], transport: ScriptedTransport(DeliveryResult(outcome: .sent, code: 250, reply: "250 Ok", phase: .done)))
        spool.waitForGroupedMoves()
        let seed = try boundSeed(.sent, "r1", tokens: processor.tokens)
        XCTAssertEqual(
            try processor.tokens.linkState(seed: seed, purpose: .passwordReset)?.status, .active, "the record names the link mailed")
        XCTAssertEqual(try record(.sent, "r1")["record_version"] as? Int, 2)
    }

    func testAJobGivenBackOrLeftByACrashMailsTheSameLinkAndIsCountedOnce() throws {
        clock.set(Date())
        let processor = try makeProcessor { $0.rateLimits["password_reset"] = RateLimit(count: 1, windowSeconds: 900) }
        try enqueue("r1", kind: "password_reset")
        let first = processor.prepare(ids: ["r1"]) { _, _ in }
        XCTAssertEqual(first.count, 1)
        processor.giveBack(first[0])
        XCTAssertNil(try record(.new, "r1")["seed"], "nothing was written into the file")

        // Claimed again: the same link, and the limit of one is not spent twice.
        let second = processor.prepare(ids: ["r1"]) { _, _ in }
        XCTAssertEqual(second.count, 1, "\(lines.lines)")
        XCTAssertEqual(try link(second[0]), try link(first[0]))
        // A crash: the claim dies with the process; recovery puts the file back as it was.
        spool.release(id: "r1")
        XCTAssertEqual(try spool.recoverActive(), ["r1"])
        let third = processor.prepare(ids: ["r1"]) { _, _ in }
        XCTAssertEqual(third.count, 1, "\(lines.lines)")
        XCTAssertEqual(try link(third[0]), try link(first[0]))
        processor.giveBack(third[0])
    }

    func testTheSameJobHandedOffAgainInANewFileGetsAnotherLink() throws {
        clock.set(Date())
        let processor = try makeProcessor { _ in }
        try enqueue("r1", kind: "password_reset")
        let first = processor.prepare(ids: ["r1"]) { _, _ in }
        processor.giveBack(first[0])
        // The producer's copy of the same bytes under the same id, in a file of its own.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: spool.path(.new, "r1.json")))
        try FileManager.default.removeItem(atPath: spool.path(.new, "r1.json"))
        try spool.enqueue(id: "r1", data: bytes)
        let again = processor.prepare(ids: ["r1"]) { _, _ in }
        XCTAssertEqual(again.count, 1)
        XCTAssertNotEqual(try link(again[0]), try link(first[0]))
        processor.giveBack(again[0])
    }

    func testAJobFileOlderThanTheRetryMarginGetsARandomSeedWrittenBeforeTheSend() throws {
        clock.set(Date().addingTimeInterval(TokenStore.retryMargin))
        let processor = try makeProcessor { _ in }
        try enqueue("r1", kind: "password_reset")
        let prepared = processor.prepare(ids: ["r1"]) { _, _ in }
        XCTAssertEqual(prepared.count, 1)
        XCTAssertNotNil(try record(.active, "r1")["seed_mac"], "the seed is durable in active/ before the send")
        let seed = try boundSeed(.active, "r1", tokens: processor.tokens)
        XCTAssertEqual(try processor.tokens.linkState(seed: seed, purpose: .passwordReset)?.status, .active)
        processor.giveBack(prepared[0])
    }
}
