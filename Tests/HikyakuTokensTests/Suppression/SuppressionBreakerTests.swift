// SuppressionBreakerTests.swift — the circuit breaker, the state's permissions, and records from many threads at once.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

final class SuppressionBreakerTests: XCTestCase {
    var directory: URL!
    var state: String { directory.appendingPathComponent("state").path }
    let start = TokenTestSupport.start

    override func setUpWithError() throws {
        directory = try TokenTestSupport.makeTemporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func bounce(_ address: String, minute: Double) -> SuppressionEvent {
        .hardBounce(
            address: address, reason: "userunknown", status: "5.1.1", job: "job-\(address)", at: start.addingTimeInterval(minute * 60))
    }

    func testFiveAddressesOfOneDomainWithinTenMinutesHoldItsNewSuppressionsUntilAnOperatorDecides() throws {
        let clock = FixedClock(start)
        let list = try SuppressionList.open(stateDirectory: state, clock: clock)
        // Spread over more than the window: never trips.
        for index in 0..<6 {
            guard case .suppressed = try list.record(bounce("slow\(index)@slow.example", minute: Double(index) * 11)) else {
                return XCTFail("slow \(index)")
            }
        }
        // Four within ten minutes suppress; the fifth distinct address trips the breaker.
        for index in 0..<4 {
            guard case .suppressed = try list.record(bounce("u\(index)@broken.example", minute: Double(index))) else { return XCTFail() }
        }
        XCTAssertEqual(try list.record(bounce("u4@BROKEN.example", minute: 5)), .held(domain: "broken.example"))
        XCTAssertNil(
            try list.check(address: "u4@broken.example", notice: false, at: start.addingTimeInterval(400)), "held: not suppressing")
        // Still held long after the window, until an operator decides; other domains are unaffected.
        XCTAssertEqual(try list.record(bounce("u5@broken.example", minute: 120)), .held(domain: "broken.example"))
        guard case .suppressed = try list.record(bounce("a@fine.example", minute: 120)) else { return XCTFail() }
        // An address already suppressed is not new: its repeat still counts as usual.
        guard
            case .suppressed(let repeated) = try list.record(
                .hardBounce(
                    address: "u0@broken.example", reason: "userunknown",
                    status: "5.1.1", job: "again", at: start.addingTimeInterval(7200)))
        else { return XCTFail() }
        XCTAssertEqual(repeated.days, 60)
        XCTAssertEqual(try list.held().map(\.address), ["u4@broken.example", "u5@broken.example"])
        XCTAssertEqual(try list.counts(at: start.addingTimeInterval(7200)).held, 2)

        clock.set(start.addingTimeInterval(3 * 3600))
        XCTAssertEqual(try list.release(domain: "Broken.Example").count, 2)
        XCTAssertEqual(try list.held(), [])
        let released = try XCTUnwrap(list.check(address: "u5@broken.example", notice: false, at: start.addingTimeInterval(4 * 3600)))
        XCTAssertEqual(released.expires, start.addingTimeInterval(3 * 3600 + 30 * SuppressionPolicy.day))
        // The breaker starts afresh: a new address suppresses.
        guard case .suppressed = try list.record(bounce("u6@broken.example", minute: 190)) else { return XCTFail() }

        // Dropping deletes the held entries instead.
        for index in 0..<5 { _ = try list.record(bounce("v\(index)@other.example", minute: 200 + Double(index))) }
        XCTAssertEqual(try list.held().count, 1)
        XCTAssertEqual(try list.drop(domain: "other.example").map(\.address), ["v4@other.example"])
        XCTAssertNil(try list.entry(address: "v4@other.example"))
        XCTAssertNotNil(try list.entry(address: "v3@other.example"))
        let log = try String(contentsOfFile: list.logPath, encoding: .utf8)
        for action in ["suppressed", "held", "released", "dropped"] { XCTAssertTrue(log.contains("\"action\":\"\(action)\""), action) }
    }

    func testEntryFilesAre0600AndAListOthersCanWriteIsRefused() throws {
        let list = try SuppressionList.open(stateDirectory: state)
        _ = try list.record(bounce("gone@example.jp", minute: 0))
        for path in try list.entryPaths() + [list.logPath, list.lockPath] {
            XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue, 0o600, path)
        }
        XCTAssertEqual(
            (try FileManager.default.attributesOfItem(atPath: list.directory)[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        for path in [list.directory, list.domainsDirectory] {
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
            XCTAssertThrowsError(try SuppressionList.open(stateDirectory: state), path) { error in
                guard case .unsafeState(let named, let problem)? = error as? SuppressionError else { return XCTFail("\(error)") }
                XCTAssertEqual(named, path)
                XCTAssertTrue(problem.contains("chmod 700"), problem)
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        }
        // The token store checks it too, and so does the list for the state it lives in.
        try FileManager.default.setAttributes([.posixPermissions: 0o757], ofItemAtPath: list.directory)
        XCTAssertThrowsError(try TokenStore.open(stateDirectory: state))
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: list.directory)
        try FileManager.default.setAttributes([.posixPermissions: 0o770], ofItemAtPath: state)
        XCTAssertThrowsError(try SuppressionList.open(stateDirectory: state)) { error in
            guard case .unsafeState(let named, _)? = error as? SuppressionError else { return XCTFail("\(error)") }
            XCTAssertEqual(named, self.state)
        }
        // A link where the list should be is never followed.
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: state)
        try FileManager.default.removeItem(atPath: list.directory)
        try FileManager.default.createSymbolicLink(atPath: list.directory, withDestinationPath: directory.path)
        XCTAssertThrowsError(try SuppressionList.open(stateDirectory: state))
        XCTAssertNil(try SuppressionList.openExisting(stateDirectory: directory.appendingPathComponent("none").path))
    }

    func testThreadsRecordingAtOnceLoseNoReportAndCountEachOnce() throws {
        let list = try SuppressionList.open(stateDirectory: state)
        let second = try SuppressionList.open(stateDirectory: state)
        let failures = Locked(0), start = self.start
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            // Each job reported twice, through two opened lists (as two workers would).
            for copy in [list, second] {
                let event = SuppressionEvent.hardBounce(
                    address: "shared@example.jp", reason: "userunknown", status: "5.1.1", job: "job\(index)", at: start)
                if (try? copy.record(event)) == nil { failures.withLock { $0 += 1 } }
                let own = SuppressionEvent.softBounce(
                    address: "own\(index)@example.jp", reason: "mailboxfull", status: nil, job: "job\(index)", at: start)
                if (try? copy.record(own)) == nil { failures.withLock { $0 += 1 } }
            }
        }
        XCTAssertEqual(failures.value, 0)
        let shared = try XCTUnwrap(list.entry(address: "shared@example.jp"))
        XCTAssertEqual(shared.count, 16, "one per job: the second report of each is a repeat")
        XCTAssertEqual(Set(shared.seen.map(\.job)).count, 16)
        XCTAssertEqual(shared.days, min(30 << 4, 365))
        XCTAssertEqual(try list.entries().count, 17)
        XCTAssertEqual(try list.entries().filter { $0.address.hasPrefix("own") }.map(\.count), Array(repeating: 1, count: 16))
    }
}
