// TimeSpanTests.swift — the operator's spans ("7d", "1h30m"), --since bounds and the AGE column.
import XCTest
@testable import HikyakuService

final class TimeSpanTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_795_262_700)  // 2026-11-21T12:05:00Z

    func testSpansInEveryUnitAndSums() {
        XCTAssertEqual(TimeSpan.seconds("90s"), 90)
        XCTAssertEqual(TimeSpan.seconds("15m"), 900)
        XCTAssertEqual(TimeSpan.seconds("2h"), 7200)
        XCTAssertEqual(TimeSpan.seconds("7d"), 604_800)
        XCTAssertEqual(TimeSpan.seconds("1w"), 604_800)
        XCTAssertEqual(TimeSpan.seconds("1h30m"), 5400)
        XCTAssertEqual(TimeSpan.seconds("0s"), 0)
    }

    func testRefusesAnythingElse() {
        for text in ["", "7", "d", "7x", "-7d", "+7d", "1.5h", "7 d", " 7d", "7d ", "7D", "h7", "1h30", "9999999999s", "36600000d", "７d"] {
            XCTAssertNil(TimeSpan.seconds(text), text)
        }
    }

    func testSinceTakesRFC3339OrASpanBackFromNow() {
        XCTAssertEqual(TimeSpan.since("2h", now: now), now.addingTimeInterval(-7200))
        XCTAssertEqual(TimeSpan.since("2026-11-21T21:00:00+09:00", now: now), Date(timeIntervalSince1970: 1_795_262_400))
        XCTAssertEqual(TimeSpan.since("2026-11-21T12:00:00.500Z", now: now), Date(timeIntervalSince1970: 1_795_262_400.5))
        XCTAssertNil(TimeSpan.since("yesterday", now: now))
        XCTAssertNil(TimeSpan.since("2026-11-21", now: now))
    }

    func testAgesReadLikeTheAgeColumn() {
        XCTAssertEqual(TimeSpan.format(0), "0s")
        XCTAssertEqual(TimeSpan.format(59.9), "59s")
        XCTAssertEqual(TimeSpan.format(60), "1m")
        XCTAssertEqual(TimeSpan.format(3599), "59m")
        XCTAssertEqual(TimeSpan.format(3600 + 5 * 60), "1h05m")
        XCTAssertEqual(TimeSpan.format(86_399), "23h59m")
        XCTAssertEqual(TimeSpan.format(2 * 86_400 + 4 * 3600 + 59), "2d04h")
        XCTAssertEqual(TimeSpan.format(-30), "0s", "a clock that moved back")
    }
}
