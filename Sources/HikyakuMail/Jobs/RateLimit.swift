// RateLimit.swift — how many mails of a kind one login or one address may trigger in a window.
import Foundation

/// At most `count` mails per `windowSeconds`, counted separately for each login and for each
/// recipient address (OWASP: a portal must not let anyone mail-bomb a user through its reset or
/// code forms). A job over the limit is not mailed.
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    /// Mails allowed in one window.
    public var count: Int
    /// The window's length, in seconds.
    public var windowSeconds: Int

    public init(count: Int, windowSeconds: Int) {
        self.count = count
        self.windowSeconds = windowSeconds
    }

    /// `3 per 15m`.
    public var description: String {
        let minutes = windowSeconds % 60 == 0 ? "\(windowSeconds / 60)m" : "\(windowSeconds)s"
        return "\(count) per \(minutes)"
    }
}
