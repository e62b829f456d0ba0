// OneShot.swift — one value handed from the thread that produces it to the one waiting for it.
import Dispatch

/// A value set once on one thread and awaited on another (a record's outcome from the committer).
// Unchecked: `value` is written once before `signal` and read only after `wait` returns; the
// semaphore orders the two, so no lock is needed (a Mutex cannot block until a value arrives).
package final class OneShot<Value>: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var value: Value?

    package init() {}

    /// Hands over `value`; call exactly once.
    package func finish(_ value: Value) {
        self.value = value
        ready.signal()
    }

    /// Blocks until `finish`, then returns its value.
    package func wait() -> Value {
        ready.wait()
        return value!
    }
}
