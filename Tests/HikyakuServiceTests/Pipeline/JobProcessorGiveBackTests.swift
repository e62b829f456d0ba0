// JobProcessorGiveBackTests.swift — a stopping worker's job claimed ahead goes back to new/ and later mails the same link.
import Foundation
import XCTest

extension JobProcessorRetryTests {
    func testAPreparedJobGivenBackReturnsToNewWithItsSeedAndLaterMailsTheSameLink() throws {
        let processor = try makeProcessor { _ in }
        try enqueue("r1", kind: "password_reset")
        let outcomes = OutcomeLog()
        let first = processor.prepare(ids: ["r1"]) { id, outcome in outcomes.add(id, outcome) }
        XCTAssertEqual(first.count, 1)
        let seed = try XCTUnwrap(try record(.active, "r1")["seed"] as? String, "the first issue's seed is durable in active/")

        processor.giveBack(first[0])
        XCTAssertEqual(try spool.entries(in: .new), ["r1.json"])
        XCTAssertEqual(try spool.entries(in: .active), [])
        XCTAssertEqual(try record(.new, "r1")["seed"] as? String, seed, "the seed goes back with the job")
        XCTAssertEqual(outcomes.all.keys.sorted(), ["r1"], "the claim is reported done, with no outcome")
        XCTAssertNil(outcomes.all["r1"] ?? nil)
        XCTAssertTrue(lines.lines.contains { $0.contains("\"event\":\"unclaimed\"") && $0.contains("\"state\":\"new\"") }, "\(lines.lines)")

        // Claimable again at once (the claim's lock was dropped), and the same link is mailed.
        let second = processor.prepare(ids: ["r1"]) { id, outcome in outcomes.add(id, outcome) }
        XCTAssertEqual(second.count, 1)
        guard case .link(let before, _, _) = first[0].secret, case .link(let after, _, _) = second[0].secret else {
            return XCTFail("a password reset carries a link")
        }
        XCTAssertEqual(after, before)
        processor.giveBack(second[0])
    }
}
