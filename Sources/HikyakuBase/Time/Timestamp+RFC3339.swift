// Timestamp+RFC3339.swift — RFC 3339 §5.6 date-times read by hand: real calendar dates, offsets, fractions.
import Foundation

/// Why a text is not an acceptable RFC 3339 timestamp; `description` is one line a producer can act on.
public enum TimestampError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not the RFC 3339 §5.6 `date-time` form.
    case malformed
    /// A well-formed date the calendar does not have, e.g. 2026-02-30.
    case noSuchDate(year: Int, month: Int, day: Int)
    /// An hour, minute, second or offset outside its range, e.g. hour 24.
    case fieldOutOfRange(field: String, value: Int)
    /// A year outside the accepted `range`.
    case yearOutOfRange(year: Int, range: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .malformed:
            return "not an RFC 3339 timestamp (e.g. 2026-11-21T12:05:00Z)"
        case .noSuchDate(let year, let month, let day):
            return "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2)) is not a date "
                + "(that month has \(Timestamp.daysIn(month: month, year: year)) days)"
        case .fieldOutOfRange(let field, let value):
            return "\(field) \(Self.digits(value, 2)) is out of range"
        case .yearOutOfRange(let year, let range):
            return "year \(Self.digits(year, 4)) is outside \(range.lowerBound)–\(range.upperBound)"
        }
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension Timestamp {
    /// The years a job's timestamps may name.
    public static let jobYears = 1970...9999

    /// Parses an RFC 3339 §5.6 `date-time`: `T` or `t` between date and time, optional fractional
    /// seconds of any length, and `Z`, `z` or a numeric offset `±hh:mm` (`-00:00` counts as UTC).
    /// The date must exist (leap years included) and its year lie in `years`. A leap second
    /// (`:60`, allowed only where the UTC time is 23:59) counts as the last millisecond of `:59`.
    public static func rfc3339(_ text: String, years: ClosedRange<Int> = jobYears) throws(TimestampError) -> Date {
        let b = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) throws(TimestampError) -> Int {
            guard start + count <= b.count else { throw .malformed }
            var value = 0
            for byte in b[start..<(start + count)] {
                guard byte >= 0x30 && byte <= 0x39 else { throw .malformed }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func expect(_ index: Int, _ allowed: String) throws(TimestampError) {
            guard index < b.count, allowed.utf8.contains(b[index]) else { throw .malformed }
        }
        let year = try digits(0, 4)
        try expect(4, "-")
        let month = try digits(5, 2)
        try expect(7, "-")
        let day = try digits(8, 2)
        try expect(10, "Tt")
        let hour = try digits(11, 2)
        try expect(13, ":")
        let minute = try digits(14, 2)
        try expect(16, ":")
        var second = try digits(17, 2)
        var index = 19
        var fraction = 0.0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 { index += 1 }
            guard index > start else { throw .malformed }
            // At most 9 digits count (nanoseconds); the rest cannot change a Date.
            var scale = 0.1
            for byte in b[start..<min(index, start + 9)] {
                fraction += Double(byte - 0x30) * scale
                scale /= 10
            }
        }
        var offset = 0
        guard index < b.count else { throw .malformed }
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == b.count else { throw .malformed }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
            let offsetHour = try digits(index + 1, 2)
            try expect(index + 3, ":")
            let offsetMinute = try digits(index + 4, 2)
            guard index + 6 == b.count else { throw .malformed }
            guard offsetHour < 24 else { throw .fieldOutOfRange(field: "offset hour", value: offsetHour) }
            guard offsetMinute < 60 else { throw .fieldOutOfRange(field: "offset minute", value: offsetMinute) }
            offset = sign * (offsetHour * 3600 + offsetMinute * 60)
        default: throw .malformed
        }
        guard (1...12).contains(month) else { throw .fieldOutOfRange(field: "month", value: month) }
        guard day >= 1, day <= daysIn(month: month, year: year) else { throw .noSuchDate(year: year, month: month, day: day) }
        guard hour < 24 else { throw .fieldOutOfRange(field: "hour", value: hour) }
        guard minute < 60 else { throw .fieldOutOfRange(field: "minute", value: minute) }
        guard years.contains(year) else { throw .yearOutOfRange(year: year, range: years) }
        let local = days(fromCivil: year, month, day) * 86_400 + Int64(hour * 3600 + minute * 60)
        if second == 60 {
            // RFC 3339 §5.7: a leap second is 23:59:60 UTC.
            let utcMinuteOfDay = ((local - Int64(offset)) % 86_400 + 86_400) % 86_400 / 60
            guard utcMinuteOfDay == 23 * 60 + 59 else { throw .fieldOutOfRange(field: "second", value: second) }
            second = 59
            fraction = 0.999
        }
        guard second < 60 else { throw .fieldOutOfRange(field: "second", value: second) }
        let seconds = local + Int64(second) - Int64(offset)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
