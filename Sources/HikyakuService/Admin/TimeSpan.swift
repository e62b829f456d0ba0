// TimeSpan.swift — the operator's spans of time: "7d", "2h30m", RFC 3339 bounds, and ages as people read them.
import Foundation
import HikyakuBase

/// Human time spans for `list --since`, `replay --since` and `purge --older-than`.
public enum TimeSpan {
    /// Seconds per unit: `s`, `m`, `h`, `d`, `w`.
    static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// Parses a span: one or more `<digits><unit>` groups, e.g. `90s`, `15m`, `2h`, `7d`, `1w`,
    /// `1h30m`. Nil for anything else: no unit (`90` is ambiguous), a sign, a fraction, spaces,
    /// or more than 100 years.
    public static func seconds(_ text: String) -> TimeInterval? {
        var total: Double = 0
        var digits = ""
        var sawGroup = false
        for character in text {
            if character.isASCII, character.isNumber {
                guard digits.count < 9 else { return nil }
                digits.append(character)
            } else if let unit = units[character], let value = Double(digits) {
                total += value * unit
                digits = ""
                sawGroup = true
            } else {
                return nil
            }
        }
        guard sawGroup, digits.isEmpty, total <= 100 * 365 * 86_400 else { return nil }
        return total
    }

    /// A lower time bound: an RFC 3339 timestamp (`2026-11-21T12:00:00+09:00`), or a span back
    /// from `now` (`2h` → two hours ago). Nil when it is neither.
    public static func since(_ text: String, now: Date) -> Date? {
        if let date = Timestamp.parse(text) { return date }
        return seconds(text).map { now.addingTimeInterval(-$0) }
    }

    /// An age the way the `AGE` column shows it: `45s`, `12m`, `3h05m`, `2d04h`. Negative
    /// ages (a clock that moved back) show as `0s`.
    public static func format(_ seconds: TimeInterval) -> String {
        let whole = max(0, Int(seconds.rounded(.down)))
        switch whole {
        case ..<60: return "\(whole)s"
        case ..<3600: return "\(whole / 60)m"
        case ..<86_400: return "\(whole / 3600)h" + twoDigits((whole % 3600) / 60) + "m"
        default: return "\(whole / 86_400)d" + twoDigits((whole % 86_400) / 3600) + "h"
        }
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
