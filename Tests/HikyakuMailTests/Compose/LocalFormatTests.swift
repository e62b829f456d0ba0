// LocalFormatTests.swift — deadlines read the way the seeds' users expect, in the recipient's zone.
import XCTest
@testable import HikyakuMail

final class LocalFormatTests: XCTestCase {
    let instant = Date(timeIntervalSince1970: 1_795_262_700)  // 2026-11-21T12:05:00Z

    func testJapanTime() {
        let format = LocalFormat(timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        XCTAssertEqual(format.dateTime(instant, language: "ja"), "2026年11月21日 21:05 (JST)")
        XCTAssertEqual(format.dateTime(instant, language: "en"), "21 Nov 2026 21:05 JST")
    }

    func testOtherZones() {
        XCTAssertEqual(LocalFormat(timeZone: TimeZone(identifier: "UTC")!).dateTime(instant, language: "en"), "21 Nov 2026 12:05 UTC")
        let india = LocalFormat(timeZone: TimeZone(identifier: "Asia/Kolkata")!).dateTime(instant, language: "en")
        XCTAssertTrue(india.hasPrefix("21 Nov 2026 17:35"), india)
    }

    func testDurations() {
        let format = LocalFormat(timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        XCTAssertEqual(format.duration(seconds: 3600, language: "ja"), "1時間")
        XCTAssertEqual(format.duration(seconds: 300, language: "ja"), "5分")
        XCTAssertEqual(format.duration(seconds: 5400, language: "ja"), "1時間30分")
        XCTAssertEqual(format.duration(seconds: 3600, language: "en"), "1 hour")
        XCTAssertEqual(format.duration(seconds: 86400, language: "en"), "24 hours")
        XCTAssertEqual(format.duration(seconds: 300, language: "en"), "5 minutes")
        XCTAssertEqual(format.duration(seconds: 60, language: "en"), "1 minute")
    }
}
