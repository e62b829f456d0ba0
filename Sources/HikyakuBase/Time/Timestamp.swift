// Timestamp.swift — RFC 3339 formatting and parsing without a shared, non-thread-safe formatter.
import Foundation

/// RFC 3339 / ISO 8601 timestamps as they appear in jobs, records and JSON answers.
///
/// Formatting is done by hand (civil-from-days arithmetic): creating an `ISO8601DateFormatter`
/// per call cost about a third of the worker's CPU per job (`hikyaku-bench`). The output is
/// byte-for-byte what `ISO8601DateFormatter` writes, including its rounding to the millisecond.
public enum Timestamp {
    /// Formats `date` in UTC, e.g. `2026-11-21T12:05:00Z` (with milliseconds when `fractional`).
    public static func iso8601(_ date: Date, fractional: Bool = false) -> String {
        // CoreFoundation's conversion: milliseconds since 1970, rounded half up, then floored fields.
        let scaled = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
        guard scaled.isFinite, abs(scaled) < 2.5e14 else { return slowFormat(date, fractional: fractional) }
        let milliseconds = Int64(scaled)
        let seconds = floorDivide(milliseconds, 1000)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else { return slowFormat(date, fractional: fractional) }
        // Fixed widths (the year is 0…9999 here): digits straight into 24 bytes.
        return String(unsafeUninitializedCapacity: 24) { text in
            var n = 0
            func put(_ value: Int, _ width: Int) {
                var value = value
                for position in stride(from: n + width - 1, through: n, by: -1) {
                    text[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                n += width
            }
            func put(_ byte: Unicode.Scalar) {
                text[n] = UInt8(ascii: byte)
                n += 1
            }
            put(year, 4)
            put("-")
            put(month, 2)
            put("-")
            put(day, 2)
            put("T")
            put(secondOfDay / 3600, 2)
            put(":")
            put(secondOfDay / 60 % 60, 2)
            put(":")
            put(secondOfDay % 60, 2)
            if fractional {
                put(".")
                put(Int(milliseconds - seconds * 1000), 3)
            }
            put("Z")
            return n
        }
    }

    /// Parses an RFC 3339 §5.6 timestamp of any year 0000–9999 (`rfc3339(_:years:)`'s rules);
    /// nil when malformed or not a real date.
    public static func parse(_ text: String) -> Date? {
        // The forms hikyaku writes itself take a fast path.
        if let date = parseCanonical(text) { return date }
        return try? rfc3339(text, years: 0...9999)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` with in-range fields (year 1 on), as
    /// `iso8601` writes them; nil for anything else (offsets, other precisions, lowercase `t`/`z`),
    /// which then goes to `rfc3339(_:years:)`.
    static func parseCanonical(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 24, bytes.last == UInt8(ascii: "Z") else { return nil }
        let separators: [(Int, UInt8)] = [(4, 0x2D), (7, 0x2D), (10, 0x54), (13, 0x3A), (16, 0x3A)]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1 }) else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let byte = bytes[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
            let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
            year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var milliseconds = 0
        if bytes.count == 24 {
            guard bytes[19] == 0x2E, let fraction = digits(20, 3) else { return nil }
            milliseconds = fraction
        }
        let days = Self.days(fromCivil: year, month, day)
        let total = (days * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1000 + Int64(milliseconds)
        return Date(timeIntervalSinceReferenceDate: Double(total) / 1000 - 978_307_200)
    }

    private static func slowFormat(_ date: Date, fractional: Bool) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// The days of `month` in `year` (proleptic Gregorian: leap years every 4, not 100, every 400).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Wall-clock fields of an instant: what `Calendar(identifier: .gregorian)` reports for it.
    package struct WallClock {
        package let year, month, day, hour, minute, second: Int
        /// 1 for Sunday … 7 for Saturday, as `Calendar` numbers them.
        package let weekday: Int

        package init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second, self.weekday) = (
                year, month, day, hour, minute, second, weekday
            )
        }
    }

    /// `date` seen `offset` seconds east of UTC, whole seconds floored, as a Gregorian calendar in
    /// that zone reports it; nil before 1900 or after 9998, where callers ask `Calendar` itself
    /// (it switches to the Julian calendar before 1582 and to eras before year 1).
    package static func wallClock(_ date: Date, offset: Int) -> WallClock? {
        let instant = date.timeIntervalSince1970.rounded(.down)
        guard instant >= -2_208_988_800, instant < 253_370_764_800 else { return nil }
        let seconds = Int64(instant) + Int64(offset)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        // 1970-01-01 was a Thursday (weekday 5).
        let weekday = Int(((days % 7) + 11) % 7) + 1
        return WallClock(
            year: year, month: month, day: day, hour: secondOfDay / 3600,
            minute: secondOfDay / 60 % 60, second: secondOfDay % 60, weekday: weekday)
    }

    /// Year, month, day of the proleptic Gregorian calendar for days since 1970-01-01 (H. Hinnant).
    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
