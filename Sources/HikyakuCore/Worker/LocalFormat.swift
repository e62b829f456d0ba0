// LocalFormat.swift — dates and durations worded per language, in the recipient's time zone.
import Foundation

/// Formats times and durations the way the mails state them.
public struct LocalFormat: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// `2026年11月21日 21:05 (JST)` in Japanese, `21 Nov 2026 21:05 JST` in English.
    public func dateTime(_ date: Date, language: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let time = String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
        let zone = zoneName(at: date)
        if language == "ja" {
            return "\(c.year ?? 0)年\(c.month ?? 0)月\(c.day ?? 0)日 \(time) (\(zone))"
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(c.day ?? 0) \(months[(c.month ?? 1) - 1]) \(c.year ?? 0) \(time) \(zone)"
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

    /// `JST` for Japan; otherwise the zone's abbreviation or a `UTC+hh:mm` offset.
    func zoneName(at date: Date) -> String {
        if timeZone.identifier == "Asia/Tokyo" { return "JST" }
        if timeZone.identifier == "UTC" || timeZone.identifier == "GMT" { return "UTC" }
        if let abbreviation = timeZone.abbreviation(for: date), !abbreviation.hasPrefix("GMT") { return abbreviation }
        let offset = timeZone.secondsFromGMT(for: date)
        return String(format: "UTC%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset) / 3600, (abs(offset) % 3600) / 60)
    }
}
