// ConfigReader+RateLimits.swift — `rate_limits`: per kind, how many mails per window a login or an address gets.
import Foundation
import HikyakuBase
import HikyakuMail

extension ConfigReader {
    /// Reads `"rate_limits": {"password_reset": {"count": 3, "window_seconds": 900}, "otp_code": null}`:
    /// a kind's object replaces its limit (a missing member keeps the declared one), `null` or a
    /// count of 0 turns it off. Unknown kinds and members are errors naming them.
    func applyRateLimits(_ object: [String: JSONValue], to limits: inout [String: RateLimit]) throws(ConfigError) {
        for (kind, value) in object {
            let key = "rate_limits.\(kind)"
            guard let declared = Self.kinds.kind(named: kind) else { throw .unknownKey(path: path, key: key) }
            if value == .null {
                limits[kind] = RateLimit(count: 0, windowSeconds: 1)
                continue
            }
            var limit = limits[kind] ?? declared.rateLimit ?? RateLimit(count: 0, windowSeconds: 900)
            for (member, number) in try self.object(value, key) {
                switch member {
                case "count": limit.count = try int(number, "\(key).count")
                case "window_seconds": limit.windowSeconds = try int(number, "\(key).window_seconds")
                default: throw .unknownKey(path: path, key: "\(key).\(member)")
                }
            }
            limits[kind] = limit
        }
    }
}
