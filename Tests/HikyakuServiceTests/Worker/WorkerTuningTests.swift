// WorkerTuningTests.swift — a worker runs one preparing thread per connection, never more than the cores.
import XCTest
@testable import HikyakuService

final class WorkerTuningTests: XCTestCase {
    func testPreparingThreadsAreOnePerConnectionAndNeverMoreThanTheCores() {
        XCTAssertEqual(Worker.preparingThreads(connections: 4, cores: 2), 2, "this VM: 2 cores, 4 connections")
        XCTAssertEqual(Worker.preparingThreads(connections: 4, cores: 8), 4)
        XCTAssertEqual(Worker.preparingThreads(connections: 1, cores: 8), 1)
        XCTAssertEqual(Worker.preparingThreads(connections: 16, cores: 1), 1)
        XCTAssertEqual(Worker.preparingThreads(connections: 4, cores: 0), 1, "an unknown core count still prepares")
    }
}
