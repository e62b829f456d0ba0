// Clock.swift — the source of "now", injectable so expiry can be tested to the second.
import Foundation
import Synchronization

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
public final class FixedClock: Clock, Sendable {
    private let current: Mutex<Date>

    /// Starts the clock at `date`.
    public init(_ date: Date) { current = Mutex(date) }

    public func now() -> Date {
        current.withLock { $0 }
    }

    /// Moves the clock forward (or back, with a negative interval).
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
