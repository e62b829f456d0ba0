// SuppressionEntry.swift — one suppressed (or held, expired, counted) address: state/suppression/<sha256(address)>.json.
import Foundation
import HikyakuBase

/// What the list knows of one address.
///
/// ```json
/// {"address":"Omori@example.co.jp","count":2,"days":60,"expires":"2027-01-20T09:00:00Z",
///  "first":"2026-11-21T09:00:00Z","held":false,"job":"reset-43","last":"2026-11-21T09:00:00Z",
///  "reason":"userunknown","scope":"all","seen":[{"job":"reset-42","source":"bounce"},…],
///  "soft_failures":[],"source":"bounce","status":"5.1.1","version":1}
/// ```
/// It suppresses while it is not held and `expires` is ahead: every kind for scope `all`,
/// notices only (`MailKind.isNotice`) for scope `notices`. An entry without `expires` only
/// counts soft failures. Times are whole seconds.
public struct SuppressionEntry: Codable, Sendable, Equatable, VersionedRecord {
    /// What a suppression stops.
    public enum Scope: String, Codable, Sendable, CaseIterable {
        /// Every mail to the address.
        case all
        /// Notices only (login, deletion): mail the user asks for still goes (a complaint).
        case notices
    }

    /// What the latest change to the entry came from.
    public enum Source: String, Codable, Sendable, CaseIterable {
        /// A hard bounce (userunknown, hostunknown, hasmoved, a 5xx "not accepting mail").
        case bounce
        /// A complaint (an ARF report): scope `notices`.
        case complaint
        /// Final soft failures, enough of them within the window: a brief suppression.
        case soft
        /// An operator's `suppression add`.
        case `operator`
    }

    /// A report already taken into account: the same job and source again changes nothing.
    public struct Seen: Codable, Sendable, Hashable {
        public var job: String
        public var source: Source
    }

    /// Where an entry stands at one instant.
    public enum State: String, Sendable, CaseIterable {
        /// Suppressing (for its scope).
        case active
        /// Caught by the circuit breaker: not suppressing until an operator releases it.
        case held
        /// Its period has passed: not suppressing, kept (a repeat doubles) until pruned.
        case expired
        /// Soft failures counted, never (or not yet) suppressing.
        case counting
    }

    static let currentVersion = 1
    var version = SuppressionEntry.currentVersion

    /// The address: local part as first given, domain normalised.
    public internal(set) var address: String
    /// Why: a bounce reason of the taxonomy (`userunknown`), `complaint`, or an operator's text.
    public internal(set) var reason: String
    /// The enhanced status code of the latest bounce (`5.1.1`), if any.
    public internal(set) var status: String?
    public internal(set) var scope: Scope
    public internal(set) var source: Source
    /// When the address was first reported, and last.
    public internal(set) var first: Date
    public internal(set) var last: Date
    /// Distinct reports and additions taken into account.
    public internal(set) var count: Int
    /// The job of the latest report, if any.
    public internal(set) var job: String?
    /// Until when it suppresses; nil for an entry that only counts soft failures.
    public internal(set) var expires: Date?
    /// The current period in days of the doubling (0 before any hard bounce or complaint).
    public internal(set) var days: Int
    /// Held by the circuit breaker: not suppressing until released.
    public internal(set) var held: Bool
    /// The latest (job, source) pairs taken into account, oldest first (at most `seenLimit`).
    public internal(set) var seen: [Seen]
    /// Final soft failures within the window, not yet turned into a suppression.
    public internal(set) var softFailures: [Date]

    enum CodingKeys: String, CodingKey {
        case version, address, reason, status, scope, source, first, last, count, job, expires, days, held, seen
        case softFailures = "soft_failures"
    }

    /// Where the entry stands at `now`.
    public func state(at now: Date) -> State {
        guard let expires else { return .counting }
        if held { return .held }
        return expires > now ? .active : .expired
    }

    /// Whether it stops a mail at `now`: a notice (`notice`) or any other kind.
    public func suppresses(notice: Bool, at now: Date) -> Bool {
        state(at: now) == .active && (scope == .all || notice)
    }

    /// The domain of `address`.
    public var domain: String {
        address.lastIndex(of: "@").map { String(address[address.index(after: $0)...]) } ?? ""
    }

    /// One line: `userunknown (5.1.1) since 2026-11-21T09:00:00Z until 2026-12-21T09:00:00Z`
    /// (`, notices only` for that scope); what a suppressed job's failure reason and
    /// `suppression check` say after `suppressed:`. Any address in it is masked.
    public var summary: String {
        var text = Sanitize.line(RecipientMask.maskAddresses(in: reason), limit: 200)
        if let status { text += " (\(Sanitize.line(status, limit: 16)))" }
        if scope == .notices { text += ", notices only" }
        text += " since \(Timestamp.iso8601(first))"
        if let expires { text += " until \(Timestamp.iso8601(expires))" }
        return text
    }
}
