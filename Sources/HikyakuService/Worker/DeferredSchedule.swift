// DeferredSchedule.swift — the deferred jobs' due times in a min-heap, so the loop never stats deferred/ per tick.
import Foundation
import Synchronization

/// When each deferred job is due, earliest first. Filled from one scan of `deferred/` at start
/// (and a periodic rescan for other workers' deferrals), then updated as this worker defers
/// jobs. An id re-added with a new time supersedes its old entry (stale entries are skipped
/// when they surface). Thread-safe: sending threads add, the loop takes.
final class DeferredSchedule: Sendable {
    fileprivate struct Entry {
        let due: Date
        let id: String
    }

    /// The heap and each id's current due time, under one lock.
    fileprivate struct Heap {
        var entries: [Entry] = []
        var current: [String: Date] = [:]
    }

    private let heap = Mutex(Heap())

    /// Schedules `id` at `due`, replacing any earlier entry for it.
    func add(_ id: String, due: Date) {
        heap.withLock { heap in
            guard heap.current[id] != due else { return }
            heap.current[id] = due
            heap.entries.append(Entry(due: due, id: id))
            heap.siftUp(heap.entries.count - 1)
        }
    }

    /// Removes and returns every id due at or before `now`.
    func takeDue(now: Date) -> [String] {
        heap.withLock { heap in
            var due: [String] = []
            while let top = heap.entries.first, top.due <= now {
                heap.popTop()
                guard heap.current[top.id] == top.due else { continue }  // superseded by a later add
                heap.current[top.id] = nil
                due.append(top.id)
            }
            return due
        }
    }

    /// The earliest due time, if any.
    var nextDue: Date? {
        heap.withLock { heap in
            while let top = heap.entries.first, heap.current[top.id] != top.due { heap.popTop() }
            return heap.entries.first?.due
        }
    }

    /// How many jobs are scheduled.
    var count: Int {
        heap.withLock { $0.current.count }
    }
}

extension DeferredSchedule.Heap {
    fileprivate mutating func popTop() {
        entries.swapAt(0, entries.count - 1)
        entries.removeLast()
        if !entries.isEmpty { siftDown(0) }
    }

    fileprivate mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].due < entries[parent].due else { return }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    fileprivate mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count && entries[left].due < entries[smallest].due { smallest = left }
            if right < entries.count && entries[right].due < entries[smallest].due { smallest = right }
            if smallest == parent { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
