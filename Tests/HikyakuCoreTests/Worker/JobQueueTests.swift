// JobQueueTests.swift — batches never exceed the free sending slots, and a freed slot lets the next one through.
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
