// RateLimiter.swift — admits a job's mail only while its login and its address are under their kind's limit.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuTokens

/// Counts the mails of each kind sent to each login and each recipient address over a sliding
/// window, in `<state>/limits/journal`: one line per counted mail and key, the key a SHA-256 of
/// the kind and the login or address (no login or address appears), appended under an `flock`
/// every worker shares (`Journal`), so the counts hold across workers and outlive restarts, and
/// no admission creates a file. Not fsynced: an operating-system crash may forget the last
/// admissions, never invent one.
public struct RateLimiter: Sendable {
    /// What a limiter says of one job.
    public enum Decision: Sendable, Equatable {
        /// Under every limit: counted, send it.
        case admitted
        /// Over `limit` for its login (`byLogin`) or its address; the oldest counted mail leaves
        /// the window at `until`.
        case limited(byLogin: Bool, limit: RateLimit, until: Date)

        /// The failure reason a limited job is recorded with (`rate_limited: …`).
        public var reason: String? {
            guard case .limited(let byLogin, let limit, let until) = self else { return nil }
            let subject = byLogin ? "this login" : "this address"
            return "\(RateLimiter.reasonPrefix) \(limit) for \(subject) reached (next mail possible at \(Timestamp.iso8601(until)))"
        }
    }

    /// How the failure reason of a job over its limit begins.
    public static let reasonPrefix = "rate_limited:"

    /// The directory holding the counts.
    public let directory: String
    /// The limit per kind name; a kind absent here is never limited.
    public let limits: [String: RateLimit]

    /// The counts, and what this process has read of them.
    let journal: Journal

    public init(directory: String, limits: [String: RateLimit]) {
        self.directory = directory
        self.limits = limits
        journal = Journal(directory: directory, limits: limits)
    }

    /// Decides whether one more mail of `kind` to `address` for `login` fits at `now`, and if it
    /// does, counts it against both. Throws `io` when a count cannot be read or written (the job
    /// should wait and retry); nothing is counted then.
    /// A job admitted before under the same non-zero `tag` (its hand-off's, `TokenStore.jobTag`:
    /// a job given back unsent, or recovered after a crash) is admitted again without counting.
    /// The batch form (`admit(_:)`) decides many under one lock.
    public func admit(kind: String, login: String, address: String, now: Date, tag: UInt32 = 0) throws(IOFailure) -> Decision {
        try admit([Request(kind: kind, login: login, address: address, now: now, tag: tag)])[0].get()
    }

    /// Drops counts older than the longest window from the journal (rewriting it when any
    /// went), and removes the one-file-per-key counts of earlier versions once untouched for that
    /// long; returns how many keys and files went. Best effort: never throws.
    public func prune(now: Date) -> Int {
        let longest = TimeInterval(limits.values.map(\.windowSeconds).max() ?? 0)
        var removed =
            (try? journal.withCurrent { (state: inout Journal.State) throws(IOFailure) -> Int in
                try journal.compact(&state, now: now, force: true)
            }) ?? 0
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return removed }
        for name in names where name.count == 64 {
            let path = "\(directory)/\(name)"
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                now.timeIntervalSince(modified) > longest, unlink(path) == 0
            else { continue }
            removed += 1
        }
        return removed
    }
}
