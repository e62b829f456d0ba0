// JobObserver.swift — what the processor tells the worker after each job, and how it waits out a failed write.
import Foundation
import HikyakuSpool

/// What one `JobProcessor.process` call did, for the worker's retry schedule and metrics.
public struct JobReport: Sendable, Equatable {
    public var id: String
    /// The job's kind, or `unknown` when the file never parsed as a job.
    public var kind: String
    /// Where the job went: `sent`, `deferred`, `failed` or `corrupt`.
    public var state: SpoolState
    /// For a deferred job, when it is due again (its deferred file's mtime).
    public var nextAttemptAt: Date?
    /// How long the delivery attempt took, when the transport was called.
    public var attemptSeconds: Double?
    /// The relay's reply after the final "." was lost: the message may have been delivered.
    public var possibleDuplicate: Bool
    /// The job failed because its kind's rate limit was reached (never mailed): counted apart
    /// from failures, so an alert on failures does not fire on a portal's normal limiting.
    public var rateLimited: Bool
    /// The job failed because a newer request for the same login superseded its link or code
    /// (the portal working as meant): counted apart from failures too.
    public var superseded: Bool
    /// The job failed because its address is suppressed (`suppressed: …`, never mailed): counted
    /// apart from failures too, as an outcome of its own.
    public var suppressed: Bool

    public init(
        id: String, kind: String, state: SpoolState, nextAttemptAt: Date? = nil, attemptSeconds: Double? = nil,
        possibleDuplicate: Bool = false, rateLimited: Bool = false, superseded: Bool = false, suppressed: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.attemptSeconds = attemptSeconds
        self.possibleDuplicate = possibleDuplicate
        self.rateLimited = rateLimited
        self.superseded = superseded
        self.suppressed = suppressed
    }
}

/// Receives the processor's reports (from any sending thread).
public protocol JobObserver: AnyObject, Sendable {
    /// A job reached a state; called once per processed job.
    func recorded(_ report: JobReport)
    /// A job's record could not be written (full disk, unwritable directory). Waits `delay`
    /// seconds and answers whether to try write number `attempt + 1`; false leaves the job in
    /// `active/` for recovery (when the worker is stopping).
    func shouldRetryWrite(attempt: Int, after delay: TimeInterval) -> Bool
}
