// TimestampTests.swift — the fast path for hikyaku's own timestamps parses exactly as the formatter does.
import Foundation
import XCTest
@testable import HikyakuCore

final class TimestampTests: XCTestCase {
    /// What `Timestamp.parse` did before the fast path: ISO8601DateFormatter only.
    private func formatterParse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    func testTheFastPathAgreesWithTheFormatterOnWhatIso8601Writes() {
        var generator = SystemRandomNumberGenerator()
        for index in 0..<3000 {
            // Across 1900–2200, including leap days and the last millisecond of a second.
            let seconds = Double(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator))
            let date = Date(timeIntervalSince1970: seconds + Double(index % 1000) / 1000)
            for text in [Timestamp.iso8601(date), Timestamp.iso8601(date, fractional: true)] {
                XCTAssertNotNil(Timestamp.parseCanonical(text), text)
                XCTAssertEqual(Timestamp.parse(text), formatterParse(text), text)
            }
        }
        for text in ["2024-02-29T23:59:59Z", "2000-02-29T00:00:00.999Z", "1970-01-01T00:00:00Z", "2026-11-21T12:05:00.500Z"] {
            XCTAssertNotNil(Timestamp.parseCanonical(text), text)
            XCTAssertEqual(Timestamp.parse(text), formatterParse(text), text)
        }
    }

    func testEverythingElseGoesToTheFormatterUnchanged() {
        for text in ["2026-11-21T21:05:00+09:00", "2026-11-21T12:05:00.5Z", "2026-11-21T12:05:00.123456Z", "2023-02-29T00:00:00Z",
                     "2026-11-21T24:00:00Z", "2026-11-21T12:05:60Z", "2026-13-01T00:00:00Z", "2026-11-21t12:05:00z",
                     "2026-11-21 12:05:00Z", "0000-01-01T00:00:00Z", "2026-11-21T12:05:00-00:00", "２026-11-21T12:05:00Z", ""] {
            XCTAssertNil(Timestamp.parseCanonical(text), text)
            XCTAssertEqual(Timestamp.parse(text), formatterParse(text), text)
        }
    }
}
