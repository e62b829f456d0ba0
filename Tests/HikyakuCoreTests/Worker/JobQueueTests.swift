// JobQueueTests.swift — batches never exceed the free sending slots plus the recent sends' claim-ahead; a freed slot lets the next one through.
import Foundation
import XCTest
@testable import HikyakuCore

final class JobQueueTests: XCTestCase {
    func testABatchTakesAtMostTheFreeSlotsAndWaitsForOneToBeFreed() {
        let queue = JobQueue()
        queue.limitSlots(2)
        queue.push(["a", "b", "c", "d"])
        XCTAssertEqual(queue.popBatch(limit: 16), ["a", "b"], "two free slots, two jobs claimed")
        let next = expectation(description: "a batch once a slot is free")
        let taken = Box()
        Thread.detachNewThread {
            taken.value = queue.popBatch(limit: 16)
            next.fulfill()
        }
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertNil(taken.value, "no slot free: nothing more is claimed (no hoarding behind a slow relay)")
        queue.freeSlots(1)
        wait(for: [next], timeout: 5)
        XCTAssertEqual(taken.value, ["c"])
        queue.close(discardPending: true)
        XCTAssertNil(queue.popBatch(limit: 16), "closed")
    }

    func testSendsWithinTheHorizonLetThatManyMoreBeClaimedAhead() {
        let queue = JobQueue()
        queue.limitSlots(2, aheadSeconds: 60, aheadCap: 3)
        queue.push((0..<12).map { "j\($0)" })
        XCTAssertEqual(queue.popBatch(limit: 16), ["j0", "j1"], "nothing sent yet: only the free connections' jobs")
        queue.sent()
        queue.sent()
        XCTAssertEqual(queue.popBatch(limit: 16), ["j2", "j3", "j4", "j5"], "two slots back, two sends counted")
        for _ in 0..<4 { queue.sent() }
        XCTAssertEqual(queue.popBatch(limit: 16), ["j6", "j7", "j8", "j9", "j10"], "two slots free, six sends capped at three")
        queue.close(discardPending: true)
    }

    func testClaimAheadLapsesOnceTheSendsAreOlderThanTheHorizon() {
        let queue = JobQueue()
        queue.limitSlots(2, aheadSeconds: 0.05, aheadCap: 8)
        queue.push((0..<10).map { "j\($0)" })
        XCTAssertEqual(queue.popBatch(limit: 16), ["j0", "j1"])
        queue.sent()
        queue.sent()
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(queue.popBatch(limit: 16), ["j2", "j3"], "sends older than the horizon: no claim beyond the free connections")
        queue.close(discardPending: true)
    }

    func testRecentSendsCountsOnlyTheHorizonAndAtMostTheCap() {
        var recent = RecentSends(horizonSeconds: 0.000_001, cap: 3)  // 1,000 ns
        XCTAssertEqual(recent.count(at: 10_000), 0)
        for t: UInt64 in [1_000, 8_000, 9_500, 9_800, 9_900] { recent.record(t) }
        XCTAssertEqual(recent.count(at: 10_000), 3, "9,500, 9,800 and 9,900 are within 1,000 ns; the ring holds 3")
        XCTAssertEqual(recent.count(at: 10_850), 1, "only 9,900 is left in the horizon")
        XCTAssertEqual(RecentSends(horizonSeconds: 0, cap: 8).count(at: 1), 0, "a zero horizon: no claim-ahead")
    }

    func testBatchesRespectTheLimitAndDoneEmptiesTheBooks() {
        let queue = JobQueue()
        queue.push(["a", "b", "c"])
        XCTAssertEqual(queue.popBatch(limit: 2), ["a", "b"])
        XCTAssertEqual(queue.popBatch(limit: 2), ["c"])
        XCTAssertFalse(queue.waitUntilIdle(deadline: Date().addingTimeInterval(0.05)), "still in progress")
        for id in ["a", "b", "c"] { queue.done(id) }
        XCTAssertTrue(queue.waitUntilIdle(deadline: Date().addingTimeInterval(1)))
        XCTAssertEqual(queue.push(["a"]), 1, "a finished id may be queued again")
    }
}

private final class Box: @unchecked Sendable {
    var value: [String]?
}
