// SuppressionList+Operator.swift — what operators do with the list: read it, remove, release or drop held entries, prune.
import Foundation
import HikyakuBase

extension SuppressionList {
    /// Every entry the list holds (any state), sorted by address, and the paths of files that
    /// could not be read as entries (left in place).
    public func scan() throws(SuppressionError) -> (entries: [SuppressionEntry], unreadable: [String]) {
        var entries: [SuppressionEntry] = [], unreadable: [String] = []
        for path in try entryPaths() {
            do {
                if let entry = try readEntry(at: path) { entries.append(entry) }
            } catch {
                if case .io(let failure) = error, failure.isNotFound { continue }
                unreadable.append(path)
            }
        }
        return (entries.sorted { ($0.address.lowercased(), $0.first) < ($1.address.lowercased(), $1.first) }, unreadable)
    }

    /// Every entry the list holds (active, held, expired, counting), sorted by address; files
    /// that cannot be read are left out (`scan` names them).
    public func entries() throws(SuppressionError) -> [SuppressionEntry] { try scan().entries }

    /// The entries the circuit breaker holds, sorted by address.
    public func held() throws(SuppressionError) -> [SuppressionEntry] { try entries().filter(\.held) }

    /// Deletes the entry of `address` durably (its history with it) and logs it; returns the
    /// entry removed, or nil when there was none. A file that cannot be read as an entry is
    /// removed too (returned as nil): it is the operator's way out of a `corruptEntry`.
    @discardableResult
    public func remove(address: String) throws(SuppressionError) -> SuppressionEntry? {
        let address = try SuppressionAddress(address)
        return try withLock { () throws(SuppressionError) -> SuppressionEntry? in
            let path = entryPath(address), now = TokenJSON.wholeSecond(clock.now())
            let entry = try? readEntry(at: path)
            guard try remove(path: path) else { return nil }
            let unreadable = SuppressionEvent(address: address.display, source: .operator, reason: "unreadable entry", at: now)
            let logged = entry ?? SuppressionEntry(address: address, event: unreadable, at: now)
            try SuppressionJournal.append("removed", entry: logged, key: address.digest, at: now, to: logPath)
            return entry
        }
    }

    /// Lets the held entries of `domain` suppress, each for its period from now, and resets the
    /// domain's breaker; returns them.
    @discardableResult
    public func release(domain: String) throws(SuppressionError) -> [SuppressionEntry] {
        try settle(domain: domain, action: "released")
    }

    /// Deletes the held entries of `domain` (the bounces were the domain's fault, not the
    /// addresses') and resets the domain's breaker; returns them.
    @discardableResult
    public func drop(domain: String) throws(SuppressionError) -> [SuppressionEntry] {
        try settle(domain: domain, action: "dropped")
    }

    private func settle(domain raw: String, action: String) throws(SuppressionError) -> [SuppressionEntry] {
        let domain = try SuppressionAddress.domain(raw)
        return try withLock { () throws(SuppressionError) -> [SuppressionEntry] in
            let now = TokenJSON.wholeSecond(clock.now())
            var settled: [SuppressionEntry] = []
            for path in try entryPaths() {
                guard var entry = try? readEntry(at: path), entry.held, entry.domain == domain else { continue }
                if action == "released" {
                    entry.release(at: now)
                    try write(entry, at: path)
                } else {
                    _ = try remove(path: path)
                }
                settled.append(entry)
                let key = String(path.split(separator: "/").last?.prefix(64) ?? "")
                try SuppressionJournal.append(action, entry: entry, key: key, at: now, to: logPath)
            }
            _ = try remove(path: domainPath(domain))
            return settled
        }
    }

    /// Removes entries past `policy.retention` (expired that long ago, or only counting and
    /// untouched that long) and idle breaker files; never a held entry. Returns how many entries.
    @discardableResult
    public func prune() throws(SuppressionError) -> Int {
        guard Files.exists(directory) else { return 0 }
        return try withLock { () throws(SuppressionError) -> Int in
            let now = clock.now()
            var removed = 0
            for path in try entryPaths() {
                guard let entry = try? readEntry(at: path), !entry.held,
                    now.timeIntervalSince(entry.expires ?? entry.last) > policy.retention
                        || (entry.expires == nil && entry.softFailures.allSatisfy { now.timeIntervalSince($0) >= policy.softWindow })
                else { continue }
                if try remove(path: path) { removed += 1 }
            }
            for name in (try? Files.list(domainsDirectory)) ?? [] where name.hasSuffix(".json") {
                let path = domainsDirectory + "/" + name
                guard let bytes = try? Files.read(path, limit: 256 * 1024),
                    let domain = try? TokenJSON.decodeRecord(SuppressionDomain.self, from: bytes, path: path),
                    domain.isIdle(at: now, policy: policy)
                else { continue }
                _ = try remove(path: path)
            }
            return removed
        }
    }

    /// How many entries stand where at `at` (default now), for `status` and metrics.
    public func counts(at: Date? = nil) throws(SuppressionError) -> SuppressionCounts {
        let now = at ?? clock.now()
        let (entries, unreadable) = try scan()
        var counts = SuppressionCounts()
        for entry in entries {
            switch entry.state(at: now) {
            case .active where entry.scope == .all: counts.active += 1
            case .active: counts.notices += 1
            case .held: counts.held += 1
            case .expired: counts.expired += 1
            case .counting: counts.counting += 1
            }
        }
        counts.unreadable = unreadable.count
        return counts
    }
}

/// The list at a glance.
public struct SuppressionCounts: Sendable, Equatable {
    /// Suppressing every kind.
    public var active = 0
    /// Suppressing notices only (complaints).
    public var notices = 0
    /// Held by the circuit breaker.
    public var held = 0
    /// Past their period, kept until pruned.
    public var expired = 0
    /// Counting soft failures only.
    public var counting = 0
    /// Files that could not be read as entries.
    public var unreadable = 0

    public init() {}
}
