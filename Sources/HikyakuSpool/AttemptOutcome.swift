// AttemptOutcome.swift — where one recorded delivery attempt ended, as its record says on disk.

/// The `outcome` of an `Attempt`: its raw value is what the record holds (`sent`, `deferred`,
/// `failed`). A record edited by hand may hold anything else: it reads as `unrecognized` and is
/// written back unchanged.
public enum AttemptOutcome: Sendable, Hashable, RawRepresentable {
    /// Accepted by the relay (or written to the outbox).
    case sent
    /// A transient failure: the job is retried.
    case deferred
    /// A permanent failure.
    case failed
    /// Any other text found in a record.
    case unrecognized(String)

    /// The outcome `rawValue` names; never fails (unknown text is `unrecognized`).
    public init(rawValue: String) {
        switch rawValue {
        case "sent": self = .sent
        case "deferred": self = .deferred
        case "failed": self = .failed
        default: self = .unrecognized(rawValue)
        }
    }

    /// The text the record holds.
    public var rawValue: String {
        switch self {
        case .sent: return "sent"
        case .deferred: return "deferred"
        case .failed: return "failed"
        case .unrecognized(let text): return text
        }
    }
}
