// JobQueueTests.swift — batches never exceed the free sending slots plus the send rate's claim-ahead; a freed slot lets the next one through.
import Foundation
import Synchronization
import XCTest
@testable import HikyakuService

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

    /// Claims one job and reports it sent, `count` times (a connection sending as fast as it can).
    private func sendQuickly(_ queue: JobQueue, _ count: Int) {
        for _ in 0..<count {
            XCTAssertEqual(queue.popBatch(limit: 1)?.count, 1)
            queue.sent()
        }
    }

    func testAFastRelaysSendRateLetsJobsBeClaimedAheadUpToTheCap() {
        let queue = JobQueue()
        queue.limitSlots(1, aheadSeconds: 60, aheadCap: 3)
        queue.push((0..<100).map { "j\($0)" })
        sendQuickly(queue, 20)
        // 20 sends in the window (10 horizons): 2 will go within one horizon, beside the free slot.
        XCTAssertEqual(queue.popBatch(limit: 16)?.count, 3)
        queue.sent(); queue.freeSlots(2)
        sendQuickly(queue, 40)
        XCTAssertEqual(queue.popBatch(limit: 16)?.count, 4, "the free slot and the cap of 3")
        queue.close(discardPending: true)
    }

    func testASlowRelayGetsNoClaimAheadEvenRightAfterASend() {
        let queue = JobQueue()
        queue.limitSlots(1, aheadSeconds: 0.025, aheadCap: 16)
        queue.push((0..<10).map { "j\($0)" })
        XCTAssertEqual(queue.popBatch(limit: 16), ["j0"], "nothing sent yet: only the free connection's job")
        queue.sent()
        // One send in the last 250 ms is 4 a second: less than one within 25 ms.
        XCTAssertEqual(queue.popBatch(limit: 16), ["j1"], "no job waits claimed behind a slow relay")
        queue.close(discardPending: true)
    }

    func testClaimAheadLapsesOnceTheSendsAreOlderThanTheWindow() {
        let queue = JobQueue()
        queue.limitSlots(1, aheadSeconds: 0.005, aheadCap: 8)
        queue.push((0..<100).map { "j\($0)" })
        sendQuickly(queue, 30)
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(queue.popBatch(limit: 16)?.count, 1, "sends older than the window: only the free connection")
        queue.close(discardPending: true)
    }

    func testRecentSendsScalesTheWindowsSendsToTheHorizon() {
        var recent = RecentSends(horizonSeconds: 0.000_001, cap: 2)  // 1,000 ns ahead, rate over 10,000 ns
        XCTAssertEqual(recent.allowance(at: 50_000), 0)
        for t in stride(from: UInt64(40_500), through: 50_000, by: 500) { recent.record(t) }  // 20 sends
        XCTAssertEqual(recent.count(at: 50_000), 20)
        XCTAssertEqual(recent.allowance(at: 50_000), 2, "20 sends per 10,000 ns: 2 within 1,000 ns")
        XCTAssertEqual(recent.allowance(at: 55_000), 1, "10 left in the window")
        XCTAssertEqual(recent.allowance(at: 61_000), 0)
        var capped = RecentSends(horizonSeconds: 0.000_001, cap: 1)
        for t in stride(from: UInt64(40_500), through: 50_000, by: 500) { capped.record(t) }
        XCTAssertEqual(capped.allowance(at: 50_000), 1, "never more than the cap")
        var off = RecentSends(horizonSeconds: 0, cap: 8)
        off.record(1)
        XCTAssertEqual(off.allowance(at: 1), 0, "a zero horizon: no claim-ahead")
    }

    func testBatchesRespectTheLimitAndDoneEmptiesTheBooks() {
        let queue = JobQueue()
        queue.push(["a", "b", "c"])
        XCTAssertEqual(queue.popBatch(limit: 2), ["a", "b"])
        XCTAssertEqual(queue.popBatch(limit: 2), ["c"])
        XCTAssertFalse(queue.waitUntilIdle(timeout: 0.05), "still in progress")
        for id in ["a", "b", "c"] { queue.done(id) }
        XCTAssertTrue(queue.waitUntilIdle(timeout: 1))
        XCTAssertEqual(queue.push(["a"]), 1, "a finished id may be queued again")
    }

    /// Ten queued ids, two free slots, and a preparing thread (started 0.1 s ago) waiting for a
    /// batch of at least four while `hungry` is not set: what it takes lands in `taken`.
    private func waitingBatch(_ hungry: Flag) -> (queue: JobQueue, taken: Box, done: XCTestExpectation) {
        let queue = JobQueue()
        queue.limitSlots(2)
        queue.push((0..<10).map { "j\($0)" })
        let taken = Box()
        let done = expectation(description: "a batch")
        Thread.detachNewThread {
            taken.value = queue.popBatch(limit: 16, minimum: 4, hungry: { hungry.isSet })
            done.fulfill()
        }
        Thread.sleep(forTimeInterval: 0.1)
        return (queue, taken, done)
    }

    func testWhileTheSendersHaveMailsABatchWaitsForItsMinimumThenTakesItWhole() {
        let (queue, taken, done) = waitingBatch(Flag())
        XCTAssertNil(taken.value, "two free slots, a minimum of four: it waits")
        queue.sent()
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertNil(taken.value, "three: it still waits")
        queue.sent()
        wait(for: [done], timeout: 5)
        XCTAssertEqual(taken.value, ["j0", "j1", "j2", "j3"], "four slots: one batch of four")
        queue.close(discardPending: true)
    }

    func testWhenTheSendersRunShortABatchTakesWhatIsFree() {
        let hungry = Flag()
        let (queue, taken, done) = waitingBatch(hungry)
        XCTAssertNil(taken.value)
        hungry.set()
        queue.sent()  // what wakes a waiting batch: a sender took a mail and sent it
        wait(for: [done], timeout: 5)
        XCTAssertEqual(taken.value, ["j0", "j1", "j2"], "the senders are short: the three free slots now")
        queue.close(discardPending: true)
    }

    func testIdleIsSeenByAWaiterAsTheLastJobIsDone() {
        let queue = JobQueue()
        queue.push(["a", "b"])
        XCTAssertEqual(queue.popBatch(limit: 2), ["a", "b"])
        let idle = expectation(description: "idle")
        Thread.detachNewThread {
            if queue.waitUntilIdle(timeout: 10) { idle.fulfill() }
        }
        Thread.sleep(forTimeInterval: 0.05)
        queue.done("a")
        queue.done("b")
        wait(for: [idle], timeout: 5)
    }
}

/// Whether the senders run short, as a test sets it.
private final class Flag: Sendable {
    private let state = Mutex(false)
    var isSet: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}

private final class Box: @unchecked Sendable {
    var value: [String]?
}
