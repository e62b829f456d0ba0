// LockedTests.swift — the shared box: every thread's update lands, reads are whole values.
import Dispatch
import XCTest

@testable import HikyakuBase

final class LockedTests: XCTestCase {
    func testConcurrentUpdatesAllLand() {
        let counts = Locked([String: Int]())
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for step in 0..<1000 { counts.withLock { $0["k\(step % 4)", default: 0] += 1 } }
            _ = worker
        }
        XCTAssertEqual(counts.value.values.reduce(0, +), 8000)
        XCTAssertEqual(counts.value["k0"], 2000)
    }

    func testSetReplacesAndWithLockReturnsTheBodysResult() {
        let box = Locked(1)
        box.set(41)
        XCTAssertEqual(
            box.withLock { value -> Int in
                value += 1
                return value * 2
            }, 84)
        XCTAssertEqual(box.value, 42)
    }

    func testWithLockPassesTheBodysErrorThrough() {
        struct Refused: Error {}
        let box = Locked("kept")
        XCTAssertThrowsError(try box.withLock { (_: inout String) throws(Refused) in throw Refused() })
        XCTAssertEqual(box.value, "kept")
    }
}
