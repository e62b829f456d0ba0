// MonotonicClockTests.swift — deadlines on the monotonic clock, and the wall-clock dates waits take.
import Foundation
import XCTest

@testable import HikyakuBase

final class MonotonicClockTests: XCTestCase {
    func testDeadlineIsThatFarAhead() {
        let before = MonotonicClock.now()
        let deadline = MonotonicClock.deadline(after: 2)
        let after = MonotonicClock.now()
        XCTAssertGreaterThanOrEqual(deadline, before + 2_000_000_000)
        XCTAssertLessThanOrEqual(deadline, after + 2_000_000_000)
    }

    func testNegativeSecondsMeanNow() {
        let deadline = MonotonicClock.deadline(after: -5)
        XCTAssertLessThanOrEqual(deadline, MonotonicClock.now())
        XCTAssertEqual(MonotonicClock.remaining(until: deadline), 0)
    }

    func testRemainingCountsDownAndStopsAtZero() {
        let remaining = MonotonicClock.remaining(until: MonotonicClock.deadline(after: 10))
        XCTAssertGreaterThan(remaining, 9)
        XCTAssertLessThanOrEqual(remaining, 10)
        XCTAssertEqual(MonotonicClock.remaining(until: 0), 0)
    }

    func testWallDateIsThatFarFromNow() {
        let date = MonotonicClock.wallDate(at: MonotonicClock.deadline(after: 60))
        XCTAssertEqual(date.timeIntervalSinceNow, 60, accuracy: 1)
        XCTAssertEqual(MonotonicClock.wallDate(at: 0).timeIntervalSinceNow, 0, accuracy: 1)
    }
}
