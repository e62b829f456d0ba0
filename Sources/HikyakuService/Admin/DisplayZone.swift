// DisplayZone.swift — the clock the operator's text output reads in: the configured time_zone, or UTC.
import Foundation
import HikyakuBase
import HikyakuMail

/// How `list`, `show` and `status` print a moment for people: `2026-11-21 21:05:07 JST` in
/// the configured `time_zone`, or `2026-11-21 12:05:07 UTC` with `--utc`. `--json` never uses
/// this: it prints RFC 3339 UTC (`2026-11-21T12:05:07Z`).
public struct DisplayZone: Sendable {
    /// The zone's wording of times (its abbreviation comes from here).
    private let format: LocalFormat

    /// Times in `zone`.
    public init(_ zone: TimeZone) {
        format = LocalFormat(timeZone: zone)
    }

    /// Times in `identifier` (a config's `time_zone`); UTC when no such zone exists (the config
    /// check refuses those first).
    public init(identifier: String) {
        self.init(TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!)
    }

    /// Coordinated Universal Time: what `--utc` asks for.
    public static let utc = DisplayZone(TimeZone(identifier: "UTC")!)

    /// The zone's identifier, e.g. `Asia/Tokyo`.
    public var identifier: String { format.timeZone.identifier }

    /// `date` as `yyyy-MM-dd HH:mm:ss ZONE`, e.g. `2026-11-21 21:05:07 JST`; whole seconds,
    /// rounded down. Outside the years 1900–9998 the RFC 3339 UTC form instead.
    public func string(_ date: Date) -> String {
        guard let c = Timestamp.wallClock(date, offset: format.timeZone.secondsFromGMT(for: date)) else {
            return Timestamp.iso8601(date)
        }
        func pad(_ n: Int, _ width: Int = 2) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) "
            + format.zoneName(at: date)
    }
}
