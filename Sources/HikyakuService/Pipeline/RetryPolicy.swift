// RetryPolicy.swift — when a deferred job is tried again (exponential backoff with jitter) and when to give up.
import Foundation

/// Decides what happens to a job after a transient failure.
///
/// The delay before retry *n* (1-based) is `first × 2^(n-1)`, capped at `max`, then spread by
/// ±`jitter` (20 %) so jobs deferred together do not come back together; the result never
/// exceeds `max`. A job gives up when its link or code has expired, or `giveUpAfter` seconds
/// after it was first claimed. The last retry is scheduled at the deadline, never past it.
public struct RetryPolicy: Sendable {
    /// What to do with a job whose attempt was transient.
    public enum Decision: Equatable, Sendable {
        /// Defer it until `at` (its deferred file's mtime).
        case retry(at: Date)
        /// Move it to `failed/` with `reason`.
        case giveUp(reason: String)
    }

    public var first: TimeInterval
    public var maximum: TimeInterval
    public var giveUpAfter: TimeInterval
    /// The spread of each delay, as a fraction (0.2 is ±20 %).
    public var jitter: Double
    /// Returns a number in [0, 1); injectable so tests get exact delays.
    public var random: @Sendable () -> Double

    /// A policy from the config's `retry` settings.
    public init(_ settings: Config.Retry, jitter: Double = 0.2, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        first = TimeInterval(settings.firstSeconds)
        maximum = TimeInterval(settings.maxSeconds)
        giveUpAfter = TimeInterval(settings.giveUpAfterSeconds)
        self.jitter = jitter
        self.random = random
    }

    /// The delay before retry number `attempt` (1 for the first retry).
    public func delay(attempt: Int) -> TimeInterval {
        let doublings = Double(min(max(attempt - 1, 0), 62))
        let base = min(maximum, first * pow(2, doublings))
        let spread = 1 + jitter * (2 * random() - 1)
        return min(maximum, max(0, base * spread))
    }

    /// What to do after transient attempt number `attempts` at `now`, for a job first claimed at
    /// `received` whose link or code (if any) expires at `expires`. `lastReply` goes into the reason.
    public func decide(attempts: Int, now: Date, received: Date, expires: Date?, lastReply: String) -> Decision {
        if let expires, now >= expires {
            return .giveUp(reason: RetryPolicy.expiredReason(attempts: attempts, lastReply: lastReply))
        }
        let deadline = received.addingTimeInterval(giveUpAfter)
        if now >= deadline {
            return .giveUp(
                reason:
                    "gave up after \(attempts) attempt\(attempts == 1 ? "" : "s") over \(RetryPolicy.span(giveUpAfter)): last reply \(lastReply)"
            )
        }
        var next = now.addingTimeInterval(delay(attempt: attempts))
        next = min(next, deadline)
        if let expires { next = min(next, expires) }
        return .retry(at: next)
    }

    /// "expired before delivery", with the attempts made when there were any.
    public static func expiredReason(attempts: Int, lastReply: String?) -> String {
        guard attempts > 0, let lastReply else { return "expired before delivery" }
        return "expired before delivery after \(attempts) attempt\(attempts == 1 ? "" : "s"): last reply \(lastReply)"
    }

    /// A duration for people: `24h`, `1h30m`, `15m`, `45s`.
    public static func span(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded())
        let hours = total / 3600, minutes = total % 3600 / 60, rest = total % 60
        if total >= 3600 { return "\(hours)h" + (minutes > 0 ? "\(minutes)m" : "") + (rest > 0 ? "\(rest)s" : "") }
        if total >= 60 { return "\(minutes)m" + (rest > 0 ? "\(rest)s" : "") }
        return "\(total)s"
    }
}
