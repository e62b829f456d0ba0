// DisplayZoneTests.swift — operator times for people in the configured zone, and the last hour's removal tally.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuSpool
@testable import HikyakuService

final class DisplayZoneTests: XCTestCase {
    /// 2026-11-21T12:05:07Z.
    let moment = Date(timeIntervalSince1970: 1_795_262_707)

    func testTimesReadInTheZoneWithItsNameAndInUTC() {
        XCTAssertEqual(DisplayZone(identifier: "Asia/Tokyo").string(moment), "2026-11-21 21:05:07 JST")
        XCTAssertEqual(DisplayZone.utc.string(moment), "2026-11-21 12:05:07 UTC")
        XCTAssertEqual(DisplayZone(identifier: "UTC").string(moment.addingTimeInterval(0.999)), "2026-11-21 12:05:07 UTC")
        XCTAssertEqual(DisplayZone(identifier: "No/Such_Zone").string(moment), "2026-11-21 12:05:07 UTC")
        // A zone with no abbreviation but an offset says the offset.
        let kolkata = DisplayZone(identifier: "Asia/Kolkata").string(moment)
        XCTAssertTrue(kolkata.hasPrefix("2026-11-21 17:35:07 "), kolkata)
    }

    func testTheTallyKeepsTheLastHourAndSurvivesAReload() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let spool = DirectorySpool(root: root.path)
        try spool.prepare()
        XCTAssertEqual(RemovalTally.load(from: spool), RemovalTally())
        var tally = RemovalTally()
        tally.note(.sent, landed: moment.addingTimeInterval(-60), now: moment)
        tally.note(.sent, landed: moment.addingTimeInterval(-60), now: moment)
        tally.note(.failed, landed: moment.addingTimeInterval(-1800), now: moment)
        tally.note(.sent, landed: moment.addingTimeInterval(-4000), now: moment)
        tally.note(.corrupt, landed: moment, now: moment)
        XCTAssertEqual(tally.count(.sent, since: moment.addingTimeInterval(-3600)), 2)
        try tally.save(to: spool, now: moment)
        let loaded = RemovalTally.load(from: spool)
        XCTAssertEqual(loaded, tally)
        XCTAssertEqual(loaded.count(.failed, since: moment.addingTimeInterval(-3600)), 1)
        // Written later, the entries older than an hour by then go.
        try loaded.save(to: spool, now: moment.addingTimeInterval(1900))
        XCTAssertEqual(RemovalTally.load(from: spool).count(.sent, since: .distantPast), 2, "landed 1960 s before: kept")
        XCTAssertEqual(RemovalTally.load(from: spool).count(.failed, since: .distantPast), 0, "landed 3700 s before: dropped")
        // Garbage counts as empty.
        try Data("not json".utf8).write(to: URL(fileURLWithPath: "\(spool.root)/\(RemovalTally.fileName)"))
        XCTAssertEqual(RemovalTally.load(from: spool), RemovalTally())
    }
}
