// Clock.swift — the source of "now", injectable so expiry can be tested to the second.
import Foundation

/// Tells the current time. Production code uses `SystemClock`; tests pin or advance a `FixedClock`.
public protocol Clock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The wall clock.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to; safe to share between threads.
public final class FixedClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// Starts the clock at `date`.
    public init(_ date: Date) { current = date }

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Moves the clock forward (or back, with a negative interval).
    public func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        lock.lock()
        current = date
        lock.unlock()
    }
}
