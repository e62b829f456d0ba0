// AtomicCounter.swift — a counter many threads bump and read without a lock.
import Synchronization

/// A shared count (failed sends, jobs seen), checked by the compiler as `Sendable`.
package final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)

    package init() {}

    /// Adds one and returns the new count.
    @discardableResult
    package func next() -> Int {
        value.add(1, ordering: .relaxed).newValue
    }

    /// The count so far.
    package var current: Int { value.load(ordering: .relaxed) }
}
