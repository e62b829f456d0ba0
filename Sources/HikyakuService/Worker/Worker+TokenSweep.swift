// Worker+TokenSweep.swift — the worker's share of token-store upkeep: sweep at start, then about hourly.
import Foundation

extension Worker {
    /// How often a long-running worker sweeps the token store (it also sweeps once at start).
    public static let tokenSweepInterval: TimeInterval = 3600
    /// How long an event nobody acknowledged stays in `events/` (the hourly upkeep removes older ones).
    public static let eventRetention: TimeInterval = 7 * 86400

    /// Sweeps link and OTP records that ended more than `TokenStore.defaultSweepGrace` ago and
    /// logs `tokens_swept` with the count. A failure is logged (`token_sweep_error`) and never
    /// stops the worker: mail keeps flowing and the next sweep tries again. Returns when the
    /// next sweep is due.
    func sweepTokens() -> Date {
        do {
            let removed = try processor.tokens.sweep()
            log.event("tokens_swept", ["count": removed])
        } catch {
            log.event("token_sweep_error", ["error": error.description])
        }
        // The other files that only grow: events nobody read within a week, and rate-limit
        // counts whose window has passed.
        let now = clock.now()
        do {
            let events = try spool.pruneEvents(before: now.addingTimeInterval(-Self.eventRetention))
            let counts = processor.limiter.prune(now: now)
            let suppressions = (try? processor.suppression.prune()) ?? 0
            if events + counts + suppressions > 0 {
                log.event("upkeep", ["events_removed": events, "rate_counts_removed": counts, "suppressions_pruned": suppressions])
            }
        } catch {
            log.event("upkeep_error", ["error": error.description])
        }
        return clock.now().addingTimeInterval(Self.tokenSweepInterval)
    }
}
