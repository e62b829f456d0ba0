// Metrics+Prometheus.swift — the Prometheus text exposition format (version 0.0.4) of the worker's metrics.
import Foundation
import HikyakuSpool
import HikyakuTokens

extension Metrics.Snapshot {
    /// The metrics as Prometheus text, with `jobs` (files per spool state), `inbound` (inbound
    /// messages per state) and the suppression list's entries per state (each when given) as
    /// gauges. Series are sorted, so equal values give equal text; every metric has HELP and TYPE lines.
    public func prometheusText(jobs: [SpoolState: Int], inbound: [InboundState: Int] = [:], suppression: SuppressionCounts? = nil)
        -> String
    {
        var out = ""
        out += "# HELP hikyaku_jobs Jobs in each spool state directory.\n# TYPE hikyaku_jobs gauge\n"
        for state in SpoolState.allCases where state != .tmp {
            guard let count = jobs[state] else { continue }
            out += "hikyaku_jobs{state=\"\(state.rawValue)\"} \(count)\n"
        }
        if !inbound.isEmpty {
            out += "# HELP hikyaku_inbound_messages Inbound messages in each inbound spool state directory.\n"
            out += "# TYPE hikyaku_inbound_messages gauge\n"
            for state in InboundState.allCases where state != .tmp {
                guard let count = inbound[state] else { continue }
                out += "hikyaku_inbound_messages{state=\"\(state.rawValue)\"} \(count)\n"
            }
        }
        out += "# HELP hikyaku_deliveries_total Jobs processed by this worker, by kind and resulting state.\n"
        out += "# TYPE hikyaku_deliveries_total counter\n"
        for key in deliveries.keys.sorted(by: { ($0.kind, $0.outcome) < ($1.kind, $1.outcome) }) {
            out +=
                "hikyaku_deliveries_total{kind=\"\(Self.escape(key.kind))\",outcome=\"\(Self.escape(key.outcome))\"} \(deliveries[key] ?? 0)\n"
        }
        out += "# HELP hikyaku_attempt_duration_seconds Duration of each delivery attempt, from claim to recorded outcome.\n"
        out += "# TYPE hikyaku_attempt_duration_seconds histogram\n"
        var cumulative = 0
        for (bound, count) in zip(Metrics.durationBuckets, bucketCounts) {
            cumulative += count
            out += "hikyaku_attempt_duration_seconds_bucket{le=\"\(Self.number(bound))\"} \(cumulative)\n"
        }
        out += "hikyaku_attempt_duration_seconds_bucket{le=\"+Inf\"} \(durationCount)\n"
        out += "hikyaku_attempt_duration_seconds_sum \(Self.number(durationSum))\n"
        out += "hikyaku_attempt_duration_seconds_count \(durationCount)\n"
        out +=
            "# HELP hikyaku_possible_duplicates_total Attempts whose reply after the final \".\" was lost (the relay may have the message).\n"
        out += "# TYPE hikyaku_possible_duplicates_total counter\n"
        out += "hikyaku_possible_duplicates_total \(possibleDuplicates)\n"
        out += "# HELP hikyaku_recovered_total Jobs put back into new/ because the worker that claimed them was gone.\n"
        out += "# TYPE hikyaku_recovered_total counter\n"
        out += "hikyaku_recovered_total \(recovered)\n"
        if let suppression {
            out += "# HELP hikyaku_suppressions Addresses on the suppression list, by state (active: every kind; notices: notices only).\n"
            out += "# TYPE hikyaku_suppressions gauge\n"
            let states = [
                ("active", suppression.active), ("counting", suppression.counting), ("expired", suppression.expired),
                ("held", suppression.held), ("notices", suppression.notices),
            ]
            for (state, count) in states { out += "hikyaku_suppressions{state=\"\(state)\"} \(count)\n" }
        }
        return out
    }

    /// A label value with `\`, `"` and newlines escaped.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// A sample value: integers without a fraction, others with up to 6 decimals.
    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
