// Timestamp.swift — RFC 3339 formatting and parsing without a shared, non-thread-safe formatter.
import Foundation

/// RFC 3339 / ISO 8601 timestamps as they appear in jobs, records and JSON answers.
public enum Timestamp {
    /// Formats `date` in UTC, e.g. `2026-11-21T12:05:00Z` (with milliseconds when `fractional`).
    public static func iso8601(_ date: Date, fractional: Bool = false) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Parses an RFC 3339 timestamp with or without fractional seconds; nil when malformed.
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
