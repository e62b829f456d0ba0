// SuppressionEntry+Rules.swift — how one report changes an entry: doubling periods, complaint scope, the soft window, holds.
import Foundation
import HikyakuBase

extension SuppressionEntry {
    /// A new entry for `address` that suppresses nothing yet (`apply` decides).
    init(address: SuppressionAddress, event: SuppressionEvent, at: Date) {
        self.init(
            address: address.display, reason: Self.clean(event.reason), status: event.status.map(Self.cleanStatus), scope: .all,
            source: event.source, first: at, last: at, count: 0, job: nil, expires: nil, days: 0, held: false, seen: [],
            softFailures: [])
    }

    /// Whether `event` was taken into account already (same job and source).
    func hasSeen(_ event: SuppressionEvent) -> Bool {
        guard let job = event.job else { return false }
        return seen.contains(Seen(job: job, source: event.source))
    }

    /// Applies a report not seen before, at `at` (whole seconds). `breaker` is asked only for a
    /// new hard-bounce suppression: true holds it. The rules, by source:
    /// - `bounce`: scope `all`; the period doubles (30 days first, at most 365) and the expiry
    ///   moves to at least `at` + period. A held entry stays held.
    /// - `complaint`: scope `notices` with the same doubling, unless already suppressed for all
    ///   (then only counted).
    /// - `soft`: counted within the window; the threshold suppresses every kind briefly, unless
    ///   the address is already suppressed (a complaint's notices-only scope is never widened).
    /// - `operator`: scope `all` for exactly the given days from `at`; releases a hold.
    mutating func apply(
        _ event: SuppressionEvent, at: Date, policy: SuppressionPolicy, breaker: () throws(SuppressionError) -> Bool
    ) throws(SuppressionError) -> SuppressionOutcome {
        note(event, at: at, policy: policy)
        let active = state(at: at) == .active
        if held && event.source != .operator {
            if event.source == .bounce { take(event) }
            return .held(domain: domain)
        }
        switch event.source {
        case .bounce:
            let isNew = !(active && scope == .all)
            days = policy.nextDays(after: days)
            take(event)
            (scope, source, softFailures) = (.all, .bounce, [])
            if isNew, try breaker() {
                (held, expires) = (true, at.addingTimeInterval(TimeInterval(days) * SuppressionPolicy.day))
                return .held(domain: domain)
            }
            extend(to: at.addingTimeInterval(TimeInterval(days) * SuppressionPolicy.day), keeping: active)
        case .complaint:
            if active && scope == .all { return .suppressed(self) }
            days = policy.nextDays(after: days)
            take(event)
            (scope, source, status) = (.notices, .complaint, nil)
            extend(to: at.addingTimeInterval(TimeInterval(days) * SuppressionPolicy.day), keeping: active)
        case .soft:
            if active && scope == .all { return .suppressed(self) }
            softFailures = softFailures.filter { at.timeIntervalSince($0) < policy.softWindow && $0 <= at } + [at]
            if expires == nil { take(event) }
            guard !active, softFailures.count >= policy.softFailures else { return .counted(softFailures: softFailures.count) }
            take(event)
            (scope, source, softFailures) = (.all, .soft, [])
            expires = at.addingTimeInterval(policy.softSuppression)
        case .operator:
            take(event)
            (scope, source, status, held, softFailures) = (.all, .operator, nil, false, [])
            expires = at.addingTimeInterval(TimeInterval(event.days ?? policy.operatorDays) * SuppressionPolicy.day)
        }
        return .suppressed(self)
    }

    /// Counts the report: its time, its job, the (job, source) pair remembered.
    private mutating func note(_ event: SuppressionEvent, at: Date, policy: SuppressionPolicy) {
        count += 1
        first = min(first, at)
        last = max(last, at)
        guard let job = event.job else { return }
        self.job = Sanitize.line(job, limit: 200)
        seen.append(Seen(job: self.job ?? job, source: event.source))
        if seen.count > policy.seenLimit { seen.removeFirst(seen.count - policy.seenLimit) }
    }

    /// Takes the report's reason and status as the entry's.
    private mutating func take(_ event: SuppressionEvent) {
        reason = Self.clean(event.reason)
        status = event.status.map(Self.cleanStatus)
    }

    /// Moves the expiry to `until`, or keeps a later one of an active suppression.
    private mutating func extend(to until: Date, keeping active: Bool) {
        if active, let expires, expires > until { return }
        expires = until
    }

    /// Makes a held entry suppress from `now` for its period.
    mutating func release(at now: Date) {
        held = false
        expires = now.addingTimeInterval(TimeInterval(max(days, 1)) * SuppressionPolicy.day)
    }

    /// One line of untrusted text, at most 200 characters.
    static func clean(_ text: String) -> String {
        let line = Sanitize.line(text, limit: 200)
        return line.isEmpty ? "unspecified" : line
    }

    /// A status code as reported, at most 16 characters.
    static func cleanStatus(_ text: String) -> String { Sanitize.line(text, limit: 16) }
}
