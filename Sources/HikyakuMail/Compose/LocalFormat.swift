// LocalFormat.swift — dates and durations worded per language, in the recipient's time zone.
import Foundation
import HikyakuBase

/// Formats times and durations the way the mails state them.
public struct LocalFormat: Sendable {
    public let timeZone: TimeZone
    /// `zoneName` for the zones with a fixed name (Japan, UTC), found once.
    private let fixedZoneName: String?

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        switch timeZone.identifier {
        case "Asia/Tokyo": fixedZoneName = "JST"
        case "UTC", "GMT": fixedZoneName = "UTC"
        default: fixedZoneName = nil
        }
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2026年11月21日 21:05 (JST)` in Japanese, `21 Nov 2026 21:05 JST` in English.
    public func dateTime(_ date: Date, language: String) -> String {
        let year, month, day, hour, minute: Int
        if let c = Timestamp.wallClock(date, offset: timeZone.secondsFromGMT(for: date)) {
            (year, month, day, hour, minute) = (c.year, c.month, c.day, c.hour, c.minute)
        } else {
            // Before 1900 or after 9998: the calendar's own reading (Julian dates, eras).
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            (year, month, day, hour, minute) = (c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
        }
        let time = Self.twoDigits(hour) + ":" + Self.twoDigits(minute)
        let zone = zoneName(at: date)
        if language == "ja" {
            return "\(year)年\(month)月\(day)日 \(time) (\(zone))"
        }
        return "\(day) \(Self.months[(month == 0 ? 1 : month) - 1]) \(year) \(time) \(zone)"
    }

    /// `n` with at least two digits, as `%02d` writes it.
    static func twoDigits(_ n: Int) -> String {
        if n >= 10 { return String(n) }
        return n >= 0 ? "0" + String(n) : String(format: "%02d", n)
    }

    /// `1時間` / `1 hour`, `5分` / `5 minutes`, `1時間30分` / `1 hour 30 minutes`.
    public func duration(seconds: Int, language: String) -> String {
        let hours = seconds / 3600, minutes = (seconds % 3600) / 60
        if language == "ja" {
            if hours > 0 && minutes > 0 { return "\(hours)時間\(minutes)分" }
            return hours > 0 ? "\(hours)時間" : "\(max(minutes, 1))分"
        }
        func unit(_ n: Int, _ name: String) -> String { n == 1 ? "1 \(name)" : "\(n) \(name)s" }
        if hours > 0 && minutes > 0 { return "\(unit(hours, "hour")) \(unit(minutes, "minute"))" }
        return hours > 0 ? unit(hours, "hour") : unit(max(minutes, 1), "minute")
    }

    /// `JST` for Japan, `UTC` for UTC; otherwise the zone's abbreviation at `date` (`CET`,
    /// `CEST`) or, where the zone has none but a GMT offset, `UTC+hh:mm`.
    public func zoneName(at date: Date) -> String {
        if let fixedZoneName { return fixedZoneName }
        if let abbreviation = timeZone.abbreviation(for: date), !abbreviation.hasPrefix("GMT") { return abbreviation }
        let offset = timeZone.secondsFromGMT(for: date)
        return String(format: "UTC%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset) / 3600, (abs(offset) % 3600) / 60)
    }
}
