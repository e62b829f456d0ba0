// Locked.swift — a value several threads share behind one `Mutex`, checked by the compiler as `Sendable`.
import Synchronization

/// A mutable `Value` shared by reference between threads; every access holds its `Mutex`.
///
/// Use it where a type needs a shared box (a swappable composer, an error handed back from a
/// thread); a type with several fields under one lock stores a `Mutex` of a private state struct
/// itself. The closures run under the lock: keep them short and never block in them.
package final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    /// A box holding `value`.
    package init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` on the value under the lock and returns what `body` returns.
    package func withLock<Result: Sendable, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try mutex.withLock { (value: inout sending Value) throws(Failure) -> sending Result in try body(&value) }
    }

    /// A copy of the value as it is now.
    package var value: Value {
        withLock { $0 }
    }

    /// Replaces the value.
    package func set(_ value: Value) {
        withLock { $0 = value }
    }
}
