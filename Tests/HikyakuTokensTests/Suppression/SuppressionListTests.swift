// SuppressionListTests.swift — periods that double, idempotent reports, complaint scope, the soft window, case-insensitive matching.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

final class SuppressionListTests: XCTestCase {
    var directory: URL!
    var clock: FixedClock!
    var list: SuppressionList!
    let start = TokenTestSupport.start
    let day = SuppressionPolicy.day

    override func setUpWithError() throws {
        directory = try TokenTestSupport.makeTemporaryDirectory()
        clock = FixedClock(start)
        list = try SuppressionList.open(stateDirectory: directory.appendingPathComponent("state").path, clock: clock)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func hard(_ address: String, job: String?, after days: Double = 0) -> SuppressionEvent {
        .hardBounce(address: address, reason: "userunknown", status: "5.1.1", job: job, at: start.addingTimeInterval(days * day))
    }

    func testAHardBounceSuppressesEveryKindFor30DaysAndEachNewRepeatDoublesUpToAYear() throws {
        guard case .suppressed(let first) = try list.record(hard("gone@example.jp", job: "j1")) else { return XCTFail() }
        XCTAssertEqual(first.expires, start.addingTimeInterval(30 * day))
        XCTAssertEqual(first.scope, .all)
        XCTAssertEqual(first.count, 1)
        XCTAssertNotNil(try list.check(address: "gone@example.jp", notice: false, at: start.addingTimeInterval(29 * day)))
        XCTAssertNotNil(try list.check(address: "gone@example.jp", notice: true, at: start))
        // Past its period it stops nothing, but it is kept: the next bounce doubles.
        XCTAssertNil(try list.check(address: "gone@example.jp", notice: false, at: start.addingTimeInterval(30 * day)))
        XCTAssertEqual(try list.entry(address: "gone@example.jp")?.state(at: start.addingTimeInterval(31 * day)), .expired)
        let expected = [60, 120, 240, 365, 365]
        for (index, days) in expected.enumerated() {
            let at = 40.0 * Double(index + 1)
            guard case .suppressed(let entry) = try list.record(hard("gone@example.jp", job: "j\(index + 2)", after: at)) else {
                return XCTFail("repeat \(index + 1)")
            }
            XCTAssertEqual(entry.days, days, "repeat \(index + 1)")
            XCTAssertEqual(entry.expires, start.addingTimeInterval((at + Double(days)) * day), "repeat \(index + 1)")
            XCTAssertEqual(entry.count, index + 2)
            XCTAssertEqual(entry.job, "j\(index + 2)")
            XCTAssertEqual(entry.first, start)
        }
        let line = SuppressionList.reason(for: try XCTUnwrap(list.entry(address: "gone@example.jp")))
        XCTAssertTrue(line.hasPrefix("suppressed: userunknown (5.1.1) since 2026-11-21T12:05:00Z until "), line)
    }

    func testTheSameJobAndSourceReportedAgainChangesNothing() throws {
        _ = try list.record(hard("gone@example.jp", job: "j1"))
        let before = try XCTUnwrap(list.entry(address: "gone@example.jp"))
        let entryFile = try XCTUnwrap(list.entryPaths().first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: entryFile))
        XCTAssertEqual(try list.record(hard("GONE@example.jp", job: "j1", after: 2)), .repeated)
        XCTAssertEqual(try list.entry(address: "gone@example.jp"), before)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: entryFile)), bytes, "not even rewritten")
        // Another source for the same job is another report (a complaint after the bounce).
        guard case .suppressed(let entry) = try list.record(.complaint(address: "gone@example.jp", job: "j1", at: start)) else {
            return XCTFail()
        }
        XCTAssertEqual(entry.count, 2)
        XCTAssertEqual(entry.expires, before.expires, "already suppressed for all: a complaint changes no period")
    }

    func testAComplaintSuppressesNoticesOnlyUnlessTheAddressIsSuppressedForAll() throws {
        guard case .suppressed(let entry) = try list.record(.complaint(address: "clicker@example.jp", job: "n1", at: start)) else {
            return XCTFail()
        }
        XCTAssertEqual(entry.scope, .notices)
        XCTAssertEqual(entry.expires, start.addingTimeInterval(30 * day))
        XCTAssertNotNil(try list.check(address: "clicker@example.jp", notice: true, at: start), "a login notice is stopped")
        XCTAssertNil(try list.check(address: "clicker@example.jp", notice: false, at: start), "a reset still goes")
        XCTAssertTrue(SuppressionList.reason(for: entry).contains("complaint, notices only since"), SuppressionList.reason(for: entry))
        // A hard bounce widens it to every kind; a later complaint leaves that alone.
        guard case .suppressed(let widened) = try list.record(hard("clicker@example.jp", job: "r1", after: 1)) else { return XCTFail() }
        XCTAssertEqual(widened.scope, .all)
        XCTAssertEqual(widened.days, 60)
        guard case .suppressed(let after) = try list.record(.complaint(address: "clicker@example.jp", job: "n2", at: start)) else {
            return XCTFail()
        }
        XCTAssertEqual(after.scope, .all)
        XCTAssertEqual(after.expires, widened.expires)
    }

    func testThreeFinalSoftFailuresWithinTheWindowSuppressForADay() throws {
        func soft(_ job: String, _ days: Double) throws -> SuppressionOutcome {
            try list.record(
                .softBounce(
                    address: "full@example.jp", reason: "mailboxfull", status: "4.2.2", job: job, at: start.addingTimeInterval(days * day)))
        }
        XCTAssertEqual(try soft("s1", 0), .counted(softFailures: 1))
        XCTAssertEqual(try soft("s2", 3), .counted(softFailures: 2))
        XCTAssertNil(try list.check(address: "full@example.jp", notice: false, at: start.addingTimeInterval(3 * day)))
        // The first has left the 7-day window by day 8: still two.
        XCTAssertEqual(try soft("s3", 8), .counted(softFailures: 2))
        XCTAssertEqual(try soft("s3", 8), .repeated)
        guard case .suppressed(let entry) = try soft("s4", 9) else { return XCTFail() }
        XCTAssertEqual(entry.source, .soft)
        XCTAssertEqual(entry.expires, start.addingTimeInterval(10 * day))
        XCTAssertEqual(entry.days, 0, "a soft suppression doubles nothing")
        XCTAssertNotNil(try list.check(address: "full@example.jp", notice: false, at: start.addingTimeInterval(9.5 * day)))
        XCTAssertNil(try list.check(address: "full@example.jp", notice: false, at: start.addingTimeInterval(10 * day)))
        XCTAssertEqual(try soft("s5", 11), .counted(softFailures: 1), "the count starts again")
        // A hard bounce then is a first hard bounce: 30 days.
        guard case .suppressed(let hardEntry) = try list.record(hard("full@example.jp", job: "h1", after: 12)) else { return XCTFail() }
        XCTAssertEqual(hardEntry.expires, start.addingTimeInterval(42 * day))
    }

    func testAddressesMatchWithoutCaseAndInEitherFormOfAnInternationalDomain() throws {
        _ = try list.record(hard("Omori.Taro@Example.CO.JP.", job: "j1"))
        for form in ["omori.taro@example.co.jp", "OMORI.TARO@example.co.jp", " <omori.taro@EXAMPLE.co.jp> "] {
            XCTAssertNotNil(try list.check(address: form, notice: false, at: start), form)
        }
        XCTAssertNil(try list.check(address: "omori.jiro@example.co.jp", notice: false, at: start))
        XCTAssertEqual(try list.entry(address: "omori.taro@example.co.jp")?.address, "Omori.Taro@example.co.jp")
        _ = try list.record(hard("user@例え.jp", job: "j2"))
        XCTAssertNotNil(try list.check(address: "USER@xn--r8jz45g.jp", notice: false, at: start))
        for bad in ["", "nobody", "@example.jp", "a@", "a b@example.jp", "a@exa\nmple.jp"] {
            XCTAssertThrowsError(try list.check(address: bad, notice: false), bad) { error in
                guard case .badAddress? = error as? SuppressionError else { return XCTFail("\(error)") }
            }
        }
        // No address appears in a file name.
        for path in try list.entryPaths() { XCTAssertFalse(path.contains("@"), path) }
    }

    func testAnOperatorAddsForGivenDaysAndRemovesDurablyBothLogged() throws {
        guard
            case .suppressed(let added) = try list.record(
                .operatorAdd(address: "asked@example.jp", reason: "user asked", days: 10, at: start))
        else { return XCTFail() }
        XCTAssertEqual(added.expires, start.addingTimeInterval(10 * day))
        XCTAssertEqual(added.source, .operator)
        XCTAssertThrowsError(try list.record(.operatorAdd(address: "asked@example.jp", days: 0, at: start)))
        XCTAssertEqual(try list.remove(address: "ASKED@example.jp")?.reason, "user asked")
        XCTAssertNil(try list.entry(address: "asked@example.jp"))
        XCTAssertNil(try list.remove(address: "asked@example.jp"))
        let log = try String(contentsOfFile: list.logPath, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(log.count, 2)
        XCTAssertTrue(log[0].contains("\"action\":\"added\""), String(log[0]))
        XCTAssertTrue(log[1].contains("\"action\":\"removed\""), String(log[1]))
        XCTAssertFalse(log.joined().contains("asked@example.jp"), "the log masks addresses")
    }

    func testExpiredEntriesArePrunedOnlyAfterTheRetentionAndCountsSayWhereEachStands() throws {
        _ = try list.record(hard("old@example.jp", job: "j1"))
        _ = try list.record(.complaint(address: "notices@example.jp", job: "n1", at: start))
        _ = try list.record(.softBounce(address: "soft@example.jp", reason: "mailboxfull", status: nil, job: "s1", at: start))
        var counts = try list.counts(at: start.addingTimeInterval(day))
        XCTAssertEqual([counts.active, counts.notices, counts.counting, counts.expired, counts.held], [1, 1, 1, 0, 0])
        clock.set(start.addingTimeInterval(40 * day))
        counts = try list.counts()
        XCTAssertEqual([counts.active, counts.notices, counts.counting, counts.expired], [0, 0, 1, 2])
        XCTAssertEqual(try list.prune(), 1, "the soft count's window has passed; the expired ones are kept")
        clock.set(start.addingTimeInterval(400 * day))
        XCTAssertEqual(try list.prune(), 2)
        XCTAssertEqual(try list.entries(), [])
    }

    func testACorruptEntryIsReportedInPlaceAndRemoveClearsIt() throws {
        _ = try list.record(hard("gone@example.jp", job: "j1"))
        let path = try XCTUnwrap(list.entryPaths().first)
        try Data("{\"version\":1,".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try list.check(address: "gone@example.jp", notice: false)) { error in
            guard case .corruptEntry(let named, _)? = error as? SuppressionError else { return XCTFail("\(error)") }
            XCTAssertEqual(named, path)
        }
        XCTAssertEqual(try list.scan().unreadable, [path])
        XCTAssertNil(try list.remove(address: "gone@example.jp"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
