// TimestampTests.swift — the hand-made RFC 3339 formatter and the fast parser agree with ISO8601DateFormatter.
import Foundation
import XCTest
@testable import HikyakuBase

final class TimestampTests: XCTestCase {
    /// A deterministic generator, so a failure names a reproducible instant.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func formatter(fractional: Bool) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter
    }

    func testFormattingMatchesTheFoundationFormatterIncludingRounding() {
        let whole = formatter(fractional: false), fractional = formatter(fractional: true)
        var instants: [TimeInterval] = [
            0, 0.9999, 0.0005, 1.0015, -0.5, -0.0004, 951_782_400, 1_795_262_700.123456,
            1_795_262_700.9996, 4_102_444_799.9995, -2_208_988_800, 1_709_164_800,
        ]
        var random = SplitMix(state: 5)
        for _ in 0..<20_000 { instants.append(Double.random(in: -2_208_988_800...4_102_444_800, using: &random)) }
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            XCTAssertEqual(Timestamp.iso8601(date), whole.string(from: date), "\(instant)")
            XCTAssertEqual(Timestamp.iso8601(date, fractional: true), fractional.string(from: date), "\(instant)")
        }
    }

    func testParsingWhatWeWriteMatchesTheFoundationFormatter() {
        let whole = formatter(fractional: false), fractional = formatter(fractional: true)
        var random = SplitMix(state: 9)
        for _ in 0..<5_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0...4_102_444_800, using: &random))
            let plain = Timestamp.iso8601(date), precise = Timestamp.iso8601(date, fractional: true)
            XCTAssertNotNil(Timestamp.parseCanonical(plain))
            XCTAssertEqual(Timestamp.parse(plain), whole.date(from: plain), plain)
            XCTAssertEqual(Timestamp.parse(precise), fractional.date(from: precise), precise)
        }
    }

    func testOtherShapesFollowRFC3339() {
        // What RFC 3339 §5.6 allows: offsets, lowercase t/z, fractions of any length, a leap second at 23:59 UTC.
        let accepted: [(String, Double)] = [
            ("2026-11-21T12:05:00+09:00", 1_795_230_300), ("2026-11-21t12:05:00z", 1_795_262_700),
            ("2026-11-21T12:05:00.5Z", 1_795_262_700.5), ("2026-11-21T12:05:00.123456789Z", 1_795_262_700.123456789),
            ("2024-02-29T23:59:60Z", 1_709_251_199.999), ("2024-03-01T08:59:60+09:00", 1_709_251_199.999),
            ("2026-11-21T12:05:00-00:00", 1_795_262_700), ("2026-11-21T02:35:00-09:30", 1_795_262_700),
        ]
        for (text, seconds) in accepted {
            XCTAssertEqual(Timestamp.parse(text)?.timeIntervalSince1970 ?? 0, seconds, accuracy: 0.000_001, text)
        }
        XCTAssertNil(Timestamp.parseCanonical("2026-02-29T00:00:00Z"), "not a leap year")
        XCTAssertNotNil(Timestamp.parseCanonical("2024-02-29T00:00:00Z"))
    }

    func testDatesTheCalendarLacksAndOtherShapesAreRefused() {
        for text in [
            "2026-11-31T00:00:00Z", "2026-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "1900-02-29T00:00:00Z",
            "2026-11-21T24:00:00Z", "2026-11-21T12:60:00Z", "2026-11-21T12:05:60Z", "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-21", "", "not a date", "2026-11-21T12:05:00.Z",
            "２０２６-11-21T12:05:00Z", "2026-11-21 12:05:00Z", "2026-11-21T12:05:00", "2026-11-21T12:05:00+0900",
            "2026-11-21T12:05:00+24:00", "2026-11-21T12:05:00Zx", "2026-11-21T12:05Z", "+2026-11-21T12:05:00Z",
        ] {
            XCTAssertNil(Timestamp.parse(text), text)
        }
        XCTAssertNotNil(Timestamp.parse("2000-02-29T00:00:00Z"))
    }

    func testAJobsTimestampSaysWhatIsWrongInOneLine() {
        func reason(_ text: String) -> String {
            do {
                return "accepted \(try Timestamp.rfc3339(text))"
            } catch {
                return error.description
            }
        }
        XCTAssertEqual(reason("2026-02-30T00:00:00Z"), "2026-02-30 is not a date (that month has 28 days)")
        XCTAssertEqual(reason("0001-01-01T00:00:00Z"), "year 0001 is outside 1970–9999")
        XCTAssertEqual(reason("1969-12-31T23:59:59Z"), "year 1969 is outside 1970–9999")
        XCTAssertEqual(reason("2026-11-21T24:00:00Z"), "hour 24 is out of range")
        XCTAssertTrue(reason("2026/11/21").hasPrefix("not an RFC 3339 timestamp"))
        XCTAssertEqual(try? Timestamp.rfc3339("1970-01-01T00:00:00Z"), Date(timeIntervalSince1970: 0))
        XCTAssertNotNil(try? Timestamp.rfc3339("9999-12-31T23:59:59.999z"))
    }

    func testCivilDayArithmeticRoundTrips() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 37) {
            let (year, month, day) = Timestamp.civil(fromDays: days)
            XCTAssertEqual(Timestamp.days(fromCivil: year, month, day), days)
        }
    }

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

    func testEverythingElseLeavesTheFastPath() {
        for text in [
            "2026-11-21T21:05:00+09:00", "2026-11-21T12:05:00.5Z", "2026-11-21T12:05:00.123456Z", "2023-02-29T00:00:00Z",
            "2026-11-21T24:00:00Z", "2026-11-21T12:05:60Z", "2026-13-01T00:00:00Z", "2026-11-21t12:05:00z",
            "2026-11-21 12:05:00Z", "0000-01-01T00:00:00Z", "2026-11-21T12:05:00-00:00", "２026-11-21T12:05:00Z", "",
        ] {
            XCTAssertNil(Timestamp.parseCanonical(text), text)
            XCTAssertEqual(Timestamp.parse(text), try? Timestamp.rfc3339(text, years: 0...9999), text)
        }
    }
}
