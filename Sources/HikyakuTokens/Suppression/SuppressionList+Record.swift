// SuppressionList+Record.swift — a bounce, complaint, soft failure or operator's addition taken into the list.
import Foundation
import HikyakuBase

extension SuppressionList {
    /// Takes `event` into the list under the lock, durably, and logs the change
    /// (`SuppressionEntry.apply` has the rules; `SuppressionPolicy` the numbers). The same job
    /// and source reported again is `.repeated`, and nothing changes (no count, no expiry). A
    /// new hard-bounce suppression passes the domain's circuit breaker: `.held(domain)` when it
    /// holds. Throws `badAddress`, `badInput` (an operator's days out of 1…`operatorMaximumDays`),
    /// `corruptEntry` (the address's file; left in place) or `io` (nothing, or only the entry,
    /// changed: the same event again is then `.repeated`).
    public func record(_ event: SuppressionEvent) throws(SuppressionError) -> SuppressionOutcome {
        let address = try SuppressionAddress(event.address)
        if event.source == .operator, let days = event.days, !(1...policy.operatorMaximumDays).contains(days) {
            throw .badInput(field: "days", problem: "\(days) is not within 1…\(policy.operatorMaximumDays)")
        }
        let at = TokenJSON.wholeSecond(event.at)
        return try withLock { () throws(SuppressionError) -> SuppressionOutcome in
            let path = entryPath(address)
            var entry = try readEntry(at: path) ?? SuppressionEntry(address: address, event: event, at: at)
            if entry.hasSeen(event) { return .repeated }
            let before = entry
            let outcome = try entry.apply(event, at: at, policy: policy) { () throws(SuppressionError) -> Bool in
                var domain = try readDomain(address.domain) ?? SuppressionDomain(domain: address.domain)
                let hold = domain.note(digest: address.digest, at: at, policy: policy)
                try write(domain)
                return hold
            }
            try write(entry, at: path)
            if let action = Self.action(outcome, event: event, before: before, after: entry) {
                try SuppressionJournal.append(action, entry: entry, key: address.digest, at: at, to: logPath)
            }
            return outcome
        }
    }

    /// What the log calls a change, or nil for one it does not record (a soft failure counted,
    /// a report about an address already suppressed that moved nothing).
    private static func action(
        _ outcome: SuppressionOutcome, event: SuppressionEvent, before: SuppressionEntry, after: SuppressionEntry
    ) -> String? {
        switch outcome {
        case .held: return before.held ? nil : "held"
        case .suppressed:
            if event.source == .operator { return "added" }
            return before.expires != after.expires || before.scope != after.scope ? "suppressed" : nil
        case .repeated, .counted: return nil
        }
    }
}
