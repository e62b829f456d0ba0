// DeliveryTimes.swift — per job, when its send started and when the relay's reply came back.
import Foundation
import HikyakuBase

/// Records what the bench needs from each send: the job, when `send` started and returned
/// (the relay's 250 to the final "." has arrived when libcurl returns), the size and the code.
/// Never sees or keeps anything but the byte count of the message.
// Unchecked: `wait(for:seconds:)` waits on a condition, which a Mutex cannot express; `entries`
// is touched only while it is locked, and `jobs` never changes.
public final class DeliveryTimes: @unchecked Sendable {
    /// One send.
    public struct Entry: Sendable {
        public var index: Int
        public var started: UInt64
        public var replied: UInt64
        public var bytes: Int
        public var code: Int
    }

    private let condition = NSCondition()
    private let jobs: BenchJobs
    private var entries: [Entry] = []

    /// Times for the jobs made by `jobs` (other ids are ignored).
    public init(jobs: BenchJobs, expected: Int) {
        self.jobs = jobs
        entries.reserveCapacity(expected)
    }

    func record(jobID: String, started: UInt64, replied: UInt64, bytes: Int, code: Int) {
        guard let index = jobs.index(of: jobID) else { return }
        condition.lock()
        entries.append(Entry(index: index, started: started, replied: replied, bytes: bytes, code: code))
        condition.broadcast()
        condition.unlock()
    }

    /// Every send so far.
    public var all: [Entry] {
        condition.lock()
        defer { condition.unlock() }
        return entries
    }

    /// Waits until job `index` has been sent (or `seconds` pass); its entry, or nil on timeout.
    public func wait(for index: Int, seconds: Double) -> Entry? {
        let deadline = MonotonicClock.deadline(after: seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let entry = entries.last(where: { $0.index == index }) { return entry }
            if MonotonicClock.now() >= deadline || !condition.wait(until: MonotonicClock.wallDate(at: deadline)) { return nil }
        }
    }
}
