// LinkState.swift — what `show` may say about a job's link: status and times, never the token.
import Foundation

/// The state of the link a job's seed derives, from `TokenStore.linkState(seed:purpose:)`.
public struct LinkState: Sendable, Equatable {
    /// The record's status.
    public let status: TokenStatus
    /// When it was issued.
    public let issuedAt: Date
    /// When it stops verifying.
    public let expiresAt: Date
    /// When it was consumed, if it was.
    public let usedAt: Date?
    /// Whether `expiresAt` had passed by the store clock when the state was read.
    public let isExpired: Bool
}
