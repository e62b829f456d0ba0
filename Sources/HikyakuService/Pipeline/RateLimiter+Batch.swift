// RateLimiter+Batch.swift — a batch of jobs' rate-limit decisions under one lock, their counts appended in one write.
import Foundation
import HikyakuBase
import HikyakuMail

extension RateLimiter {
    /// One mail to decide on: the arguments of `admit(kind:login:address:now:tag:)`.
    public struct Request: Sendable, Equatable {
        public var kind: String
        public var login: String
        public var address: String
        public var now: Date
        public var tag: UInt32

        public init(kind: String, login: String, address: String, now: Date, tag: UInt32 = 0) {
            self.kind = kind
            self.login = login
            self.address = address
            self.now = now
            self.tag = tag
        }
    }

    /// Decides `requests` in their order, holding the journal's lock once, with exactly the
    /// decisions `admit(kind:login:address:now:tag:)` gives them called one after another: an
    /// admitted request counts against the later ones (two mails of one login in one batch count
    /// against each other). The lines of every counted request are appended in one write. A
    /// request of a kind without a limit is admitted without looking at the journal. When the
    /// journal cannot be read, every request that needed it fails with that error; when the
    /// counts cannot be written, only the requests that were to be counted fail (the jobs should
    /// wait and retry; as for `admit`, a failed write may have counted some), while a limited
    /// request stays limited and a re-admission by tag stays admitted.
    public func admit(_ requests: [Request]) -> [Result<Decision, IOFailure>] {
        var results: [Result<Decision, IOFailure>?] = requests.map { request in
            guard let limit = limits[request.kind], limit.count > 0 else { return .success(.admitted) }
            return nil
        }
        let counted = results.indices.filter { results[$0] == nil }
        guard !counted.isEmpty else { return results.map { $0! } }
        do throws(IOFailure) {
            let outcome = try journal.withCurrent { (state: inout Journal.State) throws(IOFailure) -> BatchOutcome in
                // The marks this batch adds, seen by its later requests as the index would show them.
                var added: [UInt64: [Journal.Mark]] = [:]
                var lines: [(key: UInt64, mark: Journal.Mark)] = []
                var writers: Set<Int> = []
                let decisions = counted.map { index in
                    decide(requests[index], limit: limits[requests[index].kind]!) { key in
                        guard let more = added[key] else { return state.index.marks(key) }
                        return Array((state.index.marks(key) + more).suffix(journal.cap))
                    } count: { key, mark in
                        added[key, default: []].append(mark)
                        lines.append((key, mark))
                        writers.insert(index)
                    }
                }
                guard !lines.isEmpty else { return BatchOutcome(decisions: decisions, writers: writers, writeError: nil) }
                do throws(IOFailure) {
                    try journal.append(lines, to: &state)
                    try journal.compact(&state, now: counted.map { requests[$0].now }.max()!)
                } catch {
                    return BatchOutcome(decisions: decisions, writers: writers, writeError: error)
                }
                return BatchOutcome(decisions: decisions, writers: writers, writeError: nil)
            }
            for (index, decision) in zip(counted, outcome.decisions) {
                if let failure = outcome.writeError, outcome.writers.contains(index) {
                    results[index] = .failure(failure)
                } else {
                    results[index] = .success(decision)
                }
            }
        } catch {
            for index in counted { results[index] = .failure(error) }
        }
        return results.map { $0! }
    }

    /// What a batch decided under the lock: each counted request's decision, which of them were
    /// to be written, and the error of that write, if any.
    private struct BatchOutcome {
        var decisions: [Decision]
        var writers: Set<Int>
        var writeError: IOFailure?
    }

    /// The decision for one request of a limited kind, given each key's marks (oldest first, at
    /// most the journal's cap); `count` is told each key and mark of an admission to count.
    private func decide(
        _ request: Request, limit: RateLimit, marks: (UInt64) -> [Journal.Mark], count: (UInt64, Journal.Mark) -> Void
    ) -> Decision {
        let keys = [
            (byLogin: true, key: Journal.key("login\u{0}\(request.kind)\u{0}\(request.login)")),
            (byLogin: false, key: Journal.key("to\u{0}\(request.kind)\u{0}\(request.address.lowercased())")),
        ]
        let now = request.now, tag = request.tag
        let windowStart = UInt32(clamping: Int64(now.timeIntervalSince1970) - Int64(limit.windowSeconds))
        let seen = keys.map { marks($0.key) }
        let countedBefore = seen.contains { marks in marks.contains { $0.tag == tag && $0.time > windowStart } }
        if tag != 0 && countedBefore { return .admitted }
        for ((byLogin, _), marks) in zip(keys, seen) {
            let times = marks.map(\.time).filter { $0 > windowStart }
            if times.count >= limit.count {
                let oldest = Date(timeIntervalSince1970: Double(times.min() ?? UInt32(clamping: Int64(now.timeIntervalSince1970))))
                return .limited(byLogin: byLogin, limit: limit, until: oldest.addingTimeInterval(TimeInterval(limit.windowSeconds)))
            }
        }
        let stamp = Journal.Mark(time: UInt32(clamping: Int64(now.timeIntervalSince1970.rounded(.up))), tag: tag)
        for (_, key) in keys { count(key, stamp) }
        return .admitted
    }
}
