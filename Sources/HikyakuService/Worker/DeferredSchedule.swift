// DeferredSchedule.swift — the deferred jobs' due times in a min-heap, so the loop never stats deferred/ per tick.
import Foundation

/// When each deferred job is due, earliest first. Filled from one scan of `deferred/` at start
/// (and a periodic rescan for other workers' deferrals), then updated as this worker defers
/// jobs. An id re-added with a new time supersedes its old entry (stale entries are skipped
/// when they surface). Thread-safe: sending threads add, the loop takes.
final class DeferredSchedule: @unchecked Sendable {
    private struct Entry {
        let due: Date
        let id: String
    }

    private let lock = NSLock()
    private var heap: [Entry] = []
    private var current: [String: Date] = [:]

    /// Schedules `id` at `due`, replacing any earlier entry for it.
    func add(_ id: String, due: Date) {
        lock.lock()
        defer { lock.unlock() }
        guard current[id] != due else { return }
        current[id] = due
        heap.append(Entry(due: due, id: id))
        siftUp(heap.count - 1)
    }

    /// Removes and returns every id due at or before `now`.
    func takeDue(now: Date) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        var due: [String] = []
        while let top = heap.first, top.due <= now {
            popTop()
            guard current[top.id] == top.due else { continue }  // superseded by a later add
            current[top.id] = nil
            due.append(top.id)
        }
        return due
    }

    /// The earliest due time, if any.
    var nextDue: Date? {
        lock.lock()
        defer { lock.unlock() }
        while let top = heap.first, current[top.id] != top.due { popTop() }
        return heap.first?.due
    }

    /// How many jobs are scheduled.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return current.count
    }

    private func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count && heap[right].due < heap[smallest].due { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
