// SuppressionPolicy.swift — the numbers the suppression list decides by: periods, the soft window, the breaker.
import Foundation

/// How long a suppression lasts, when final soft failures suppress, and when the circuit breaker
/// holds a domain's new suppressions. `standard` is what hikyaku uses (documented in
/// docs/operations.md); a test or a web tier may pass its own to `SuppressionList.open`.
public struct SuppressionPolicy: Sendable, Equatable {
    /// Seconds in a day.
    public static let day: TimeInterval = 86_400

    /// A first hard bounce or complaint suppresses for this many days (30).
    public var initialDays: Int = 30
    /// Each new repeat doubles the period, up to this many days (365).
    public var maximumDays: Int = 365
    /// This many final soft failures (3) …
    public var softFailures: Int = 3
    /// … within this window (7 days) …
    public var softWindow: TimeInterval = 7 * day
    /// … suppress the address briefly, for this long (1 day); a soft failure never doubles anything.
    public var softSuppression: TimeInterval = day
    /// The circuit breaker trips when hard bounces reach this many distinct addresses (5) of one
    /// domain …
    public var breakerAddresses: Int = 5
    /// … within this window (10 minutes); from then on, each new hard-bounce suppression for
    /// that domain is stored held (not suppressing) until an operator releases or drops it.
    public var breakerWindow: TimeInterval = 600
    /// The period of an operator's `add` without `--days` (365).
    public var operatorDays: Int = 365
    /// The longest period an operator may give (3650 days).
    public var operatorMaximumDays: Int = 3650
    /// How many recent (job, source) pairs an entry keeps, so a repeated report is a no-op (32).
    public var seenLimit: Int = 32
    /// An entry that expired (or, never suppressing, was last touched) this long ago is pruned
    /// (365 days); until then a new bounce still doubles its period.
    public var retention: TimeInterval = 365 * day

    /// The defaults above.
    public static let standard = SuppressionPolicy()

    /// The defaults; change the fields to taste.
    public init() {}

    /// The period after one more repeat: `initialDays` the first time, then doubled, at most `maximumDays`.
    func nextDays(after days: Int) -> Int {
        days <= 0 ? initialDays : min(days * 2, maximumDays)
    }
}
