// RateLimiter.swift — admits a job's mail only while its login and its address are under their kind's limit.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuTokens

/// Counts the mails of each kind sent to each login and each recipient address over a sliding
/// window, in `<state>/limits/`: one small file per (kind, login) and per (kind, address), named
/// by a SHA-256 of the key (no login or address appears in a file name), holding the admission
/// times. Each file is updated under its own `flock`, so several workers share the counts, and
/// the files outlive restarts. They are not fsynced: an operating-system crash may forget the
/// last admissions, never invent one.
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

    /// Whether `directory` is known to exist (made once, not on every admission).
    private let ready = Locked(false)

    public init(directory: String, limits: [String: RateLimit]) {
        self.directory = directory
        self.limits = limits
    }

    /// Decides whether one more mail of `kind` to `address` for `login` fits at `now`, and if it
    /// does, counts it against both. Throws `io` when a count cannot be read or written (the job
    /// should wait and retry); nothing is counted then.
    public func admit(kind: String, login: String, address: String, now: Date) throws(IOFailure) -> Decision {
        guard let limit = limits[kind], limit.count > 0 else { return .admitted }
        let keys = [
            (byLogin: true, key: "login\u{0}\(kind)\u{0}\(login)"), (byLogin: false, key: "to\u{0}\(kind)\u{0}\(address.lowercased())"),
        ]
        // Lock in one order (by file name) so two workers never wait on each other crosswise.
        let ordered = keys.map { (byLogin: $0.byLogin, path: CounterFile.path(directory: directory, key: $0.key)) }
            .sorted { $0.path < $1.path }
        var counters: [(byLogin: Bool, file: CounterFile)] = []
        defer { for counter in counters { counter.file.close() } }
        if !ready.value {
            try CounterFile.makeDirectory(directory)
            ready.set(true)
        }
        for entry in ordered { counters.append((entry.byLogin, try CounterFile(path: entry.path))) }
        let windowStart = now.addingTimeInterval(-TimeInterval(limit.windowSeconds))
        var recent: [[Int64]] = []
        for (byLogin, counter) in counters {
            let times = try counter.read().filter { Double($0) > windowStart.timeIntervalSince1970 }
            if times.count >= limit.count {
                let oldest = Date(timeIntervalSince1970: Double(times.min() ?? Int64(now.timeIntervalSince1970)))
                return .limited(byLogin: byLogin, limit: limit, until: oldest.addingTimeInterval(TimeInterval(limit.windowSeconds)))
            }
            recent.append(times)
        }
        let stamp = Int64(now.timeIntervalSince1970.rounded(.up))
        for (index, counter) in counters.enumerated() { try counter.file.write(recent[index] + [stamp]) }
        return .admitted
    }

    /// Removes counts untouched for longer than the longest window (they can no longer limit
    /// anyone); returns how many. Best effort: a count removed while an admission rewrites it
    /// only forgets that admission.
    public func prune(now: Date) -> Int {
        let longest = TimeInterval(limits.values.map(\.windowSeconds).max() ?? 0)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
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
