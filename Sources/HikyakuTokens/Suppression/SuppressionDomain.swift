// SuppressionDomain.swift — the circuit breaker's memory of one domain: state/suppression/domains/<sha256(domain)>.json.
import Foundation
import HikyakuBase

/// Recent hard bounces of one domain, and whether its breaker has tripped.
///
/// ```json
/// {"domain":"example.co.jp","recent":[{"address":"<sha256>","at":"2026-11-21T09:00:00Z"}],
///  "tripped":"2026-11-21T09:04:00Z","version":1}
/// ```
/// When the bounces within `breakerWindow` reach `breakerAddresses` distinct addresses (a
/// customer's mail server misconfigured, say), the breaker trips and stays tripped until an
/// operator releases or drops the domain's held entries: every new hard-bounce suppression for
/// the domain meanwhile, the one that tripped it included, is stored held.
struct SuppressionDomain: Codable, Sendable, Equatable, VersionedRecord {
    /// One hard bounce that would have started a suppression.
    struct Bounce: Codable, Sendable, Equatable {
        /// The address's digest (its entry's file name), never the address.
        var address: String
        var at: Date
    }

    static let currentVersion = 1
    var version = SuppressionDomain.currentVersion
    var domain: String
    var recent: [Bounce] = []
    /// When the breaker tripped; nil while it has not.
    var tripped: Date?

    init(domain: String) {
        self.domain = domain
    }

    /// Notes a new hard-bounce suppression of address `digest` at `at`; returns whether it is
    /// to be held (the breaker was tripped, or trips now).
    mutating func note(digest: String, at: Date, policy: SuppressionPolicy) -> Bool {
        recent = recent.filter { abs(at.timeIntervalSince($0.at)) < policy.breakerWindow } + [Bounce(address: digest, at: at)]
        if tripped == nil && Set(recent.map(\.address)).count >= policy.breakerAddresses { tripped = at }
        return tripped != nil
    }

    /// Whether the file can go: not tripped, and nothing within the window of `now`.
    func isIdle(at now: Date, policy: SuppressionPolicy) -> Bool {
        tripped == nil && recent.allSatisfy { now.timeIntervalSince($0.at) >= policy.breakerWindow }
    }
}
