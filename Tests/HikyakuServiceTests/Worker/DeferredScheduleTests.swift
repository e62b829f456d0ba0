// DeferredScheduleTests.swift — the in-memory schedule hands out due ids in time order, once, latest time winning.
import Foundation
import XCTest
@testable import HikyakuService

final class DeferredScheduleTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func testDueIdsComeOutInTimeOrderAndOnlyWhenDue() {
        let schedule = DeferredSchedule()
        for (id, offset) in [("c", 30.0), ("a", 10), ("d", 40), ("b", 20), ("e", 50)] {
            schedule.add(id, due: t0.addingTimeInterval(offset))
        }
        XCTAssertEqual(schedule.count, 5)
        XCTAssertEqual(schedule.nextDue, t0.addingTimeInterval(10))
        XCTAssertEqual(schedule.takeDue(now: t0), [])
        XCTAssertEqual(schedule.takeDue(now: t0.addingTimeInterval(30)), ["a", "b", "c"])
        XCTAssertEqual(schedule.takeDue(now: t0.addingTimeInterval(30)), [], "each due id is handed out once")
        XCTAssertEqual(schedule.takeDue(now: t0.addingTimeInterval(99)), ["d", "e"])
        XCTAssertNil(schedule.nextDue)
        XCTAssertEqual(schedule.count, 0)
    }

    func testReschedulingAnIdSupersedesItsEarlierTime() {
        let schedule = DeferredSchedule()
        schedule.add("job", due: t0.addingTimeInterval(10))
        schedule.add("job", due: t0.addingTimeInterval(100))
        schedule.add("job", due: t0.addingTimeInterval(100))
        XCTAssertEqual(schedule.count, 1)
        XCTAssertEqual(schedule.nextDue, t0.addingTimeInterval(100), "the stale entry is skipped")
        XCTAssertEqual(schedule.takeDue(now: t0.addingTimeInterval(50)), [])
        XCTAssertEqual(schedule.takeDue(now: t0.addingTimeInterval(100)), ["job"])
    }

    func testManyRandomTimesComeOutSorted() {
        let schedule = DeferredSchedule()
        var expected: [(String, Double)] = []
        for index in 0..<500 {
            let offset = Double((index * 7919) % 1000)
            schedule.add("j\(index)", due: t0.addingTimeInterval(offset))
            expected.append(("j\(index)", offset))
        }
        var seen: [String] = []
        for second in stride(from: 0.0, through: 1000, by: 37) { seen += schedule.takeDue(now: t0.addingTimeInterval(second)) }
        XCTAssertEqual(seen.count, 500)
        let offsets = seen.map { id in expected.first { $0.0 == id }!.1 }
        XCTAssertEqual(offsets, offsets.sorted(), "handed out earliest first")
    }
}
