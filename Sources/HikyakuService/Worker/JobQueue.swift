// JobQueue.swift — job ids from the scanning thread to the preparing threads, no more than the connections will soon take.
import Foundation
import HikyakuBase

/// A blocking FIFO of job ids, de-duplicated while an id is queued or being worked on.
// Unchecked: `popBatch` and `waitUntilIdle` wait on a condition, which a Mutex cannot express;
// every field below `condition` is read and written only while it is locked.
final class JobQueue: @unchecked Sendable {
    /// Guards the fields below; the preparing threads wait on it for ids and slots.
    private let condition = NSCondition()
    /// The scanning thread waits on this one for idleness, so a job's `done` (one per job)
    /// does not wake it, nor the preparing threads, unless the queue became idle.
    private let idle = NSCondition()
    private var items: [String] = []
    private var head = 0
    private var known: Set<String> = []
    private var busy = 0
    private var closed = false
    /// Free sending slots: `popBatch` hands out at most this many ids (see `limitSlots`).
    private var slots = Int.max
    /// Claim-ahead beyond the free slots, from the recent send rate (see `RecentSends`).
    private var recent = RecentSends(horizonSeconds: 0, cap: 1)

    /// Adds ids not already queued or in progress; returns how many were added.
    @discardableResult
    func push(_ ids: [String]) -> Int {
        condition.lock()
        defer { condition.unlock() }
        var added = 0
        for id in ids where !known.contains(id) {
            known.insert(id)
            items.append(id)
            added += 1
        }
        if added > 0 { condition.broadcast() }
        return added
    }

    /// Makes `popBatch` hand out at most `count` ids at a time until they give their slots back,
    /// plus as many as the recent rate of `sent` calls will send in `aheadSeconds` (at most
    /// `aheadCap`; see `RecentSends`): a worker claims no more jobs than its connections can take
    /// now or will send within that horizon, so it never hoards jobs behind a slow relay that
    /// another worker could send, yet behind a fast one the next jobs' syncs overlap the sends.
    func limitSlots(_ count: Int, aheadSeconds: Double = 0, aheadCap: Int = 0) {
        condition.lock()
        slots = max(1, count)
        recent = RecentSends(horizonSeconds: aheadCap > 0 ? aheadSeconds : 0, cap: aheadCap)
        condition.unlock()
    }

    /// Up to `limit` next ids (at least one, at most the free slots plus the claim-ahead),
    /// blocking until one is there and a slot is free; nil once the queue is closed. While
    /// `hungry()` is false (the senders have mails enough), it waits until it can take
    /// `minimum` ids at once (or every queued one), so a batch's shared costs (one lock and one
    /// sync for its secrets) are spread over several jobs. Each id must be marked `done` once its
    /// job is recorded, and its slot given back with `sent` or `freeSlots`.
    func popBatch(limit: Int, minimum: Int = 1, hungry: () -> Bool = { true }) -> [String]? {
        condition.lock()
        defer { condition.unlock() }
        // The allowance only shrinks as time passes; it grows on `sent`, which wakes a waiter.
        var available = slots + recent.allowance(at: RecentSends.now())
        while !closed && (head == items.count || available <= 0 || (available < min(minimum, items.count - head) && !hungry())) {
            condition.wait()
            available = slots + recent.allowance(at: RecentSends.now())
        }
        guard head < items.count, available > 0 else { return nil }
        let end = min(items.count, head + max(1, min(limit, available)))
        let batch = Array(items[head..<end])
        head = end
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        busy += batch.count
        slots -= batch.count
        // Slots or ids may be left for another preparing thread.
        if head < items.count && available > batch.count { condition.signal() }
        return batch
    }

    /// Gives back `count` sending slots (a job sent, or ended before it reached a sender).
    func freeSlots(_ count: Int) {
        guard count > 0 else { return }
        condition.lock()
        slots += count
        condition.broadcast()
        condition.unlock()
    }

    /// Gives back the slot of a job that was handed to its connection and sent (whatever the
    /// relay said), and counts the send towards the claim-ahead.
    func sent() {
        condition.lock()
        slots += 1
        recent.record(RecentSends.now())
        // One slot: one preparing thread may use it (it wakes another if more is left).
        condition.signal()
        condition.unlock()
    }

    /// Marks `id` finished, so a later scan may queue it again.
    func done(_ id: String) {
        condition.lock()
        known.remove(id)
        busy -= 1
        let nowIdle = isIdle
        condition.unlock()
        if nowIdle { wakeIdleWaiters() }
    }

    /// Whether nothing is queued or in progress; `condition` must be held.
    private var isIdle: Bool { head == items.count && busy == 0 }

    private func wakeIdleWaiters() {
        idle.lock()
        idle.broadcast()
        idle.unlock()
    }

    /// Blocks until nothing is queued or in progress (or `timeout` seconds, measured on the
    /// monotonic clock, pass); true when idle.
    @discardableResult
    func waitUntilIdle(timeout: TimeInterval? = nil) -> Bool {
        let deadline = timeout.map { MonotonicClock.deadline(after: $0) }
        // Checked and waited for under `idle`, which `done` takes to wake: no wake-up is lost.
        idle.lock()
        defer { idle.unlock() }
        while true {
            condition.lock()
            let idleNow = isIdle
            condition.unlock()
            if idleNow { return true }
            guard let deadline else {
                idle.wait()
                continue
            }
            if MonotonicClock.now() >= deadline || !idle.wait(until: MonotonicClock.wallDate(at: deadline)) { return false }
        }
    }

    /// Whether `close` was called: the worker is stopping (or its drain is over).
    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// Stops handing out work once the queued ids are taken; idle senders get nil.
    func close(discardPending: Bool) {
        condition.lock()
        if discardPending {
            for id in items[head...] { known.remove(id) }
            items.removeAll()
            head = 0
        }
        closed = true
        let nowIdle = isIdle
        condition.broadcast()
        condition.unlock()
        if nowIdle { wakeIdleWaiters() }
    }

    /// Number of ids waiting (not counting in-progress ones).
    var pending: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.count - head
    }
}
