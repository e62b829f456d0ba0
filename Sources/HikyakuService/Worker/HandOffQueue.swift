// HandOffQueue.swift — prepared mails from the preparing threads to the sending threads, bounded.
import Foundation

/// A blocking FIFO with a capacity: `push` waits while it is full, so the preparing threads
/// never run more than `capacity` mails ahead of the senders.
// Unchecked: `push` and `pop` wait on a condition, which a Mutex cannot express; the fields are
// touched only while it is locked, and each element passes from one thread to exactly one other.
final class HandOffQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private let capacity: Int
    private var closed = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds `item`, waiting while the queue is full.
    func push(_ item: Element) {
        condition.lock()
        while items.count - head >= capacity { condition.wait() }
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// The oldest item, blocking until there is one; nil once closed and empty.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        condition.broadcast()
        let item = items[head]
        head += 1
        if head * 2 >= items.count {  // drop the taken half: amortised O(1), nothing held longer
            items.removeFirst(head)
            head = 0
        }
        return item
    }

    /// How many items wait now.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.count - head
    }

    /// No more items will come; `pop` drains what is left, then returns nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
