// SuppressionEvent.swift — what the list is told (a bounce, a complaint, a soft failure, an operator's word) and what it did.
import Foundation

/// A report about one address, for `SuppressionList.record`.
public struct SuppressionEvent: Sendable, Equatable {
    public var address: String
    public var source: SuppressionEntry.Source
    /// A bounce reason of the taxonomy (`userunknown`), `complaint`, or an operator's text.
    public var reason: String
    /// The enhanced status code (`5.1.1`), if the report had one.
    public var status: String?
    /// The job the report is about (from a verified tag): with `source`, what makes a repeated
    /// report a no-op. Nil for an operator's addition.
    public var job: String?
    /// When it happened (the inbound mail's arrival; the operator's command).
    public var at: Date
    /// An operator's period in days (default `SuppressionPolicy.operatorDays`); ignored otherwise.
    public var days: Int?

    public init(
        address: String, source: SuppressionEntry.Source, reason: String, status: String? = nil, job: String? = nil, at: Date,
        days: Int? = nil
    ) {
        self.address = address
        self.source = source
        self.reason = reason
        self.status = status
        self.job = job
        self.at = at
        self.days = days
    }

    /// A hard bounce for `address` from `job`: suppresses every kind (unless the breaker holds it).
    public static func hardBounce(address: String, reason: String, status: String?, job: String?, at: Date) -> Self {
        Self(address: address, source: .bounce, reason: reason, status: status, job: job, at: at)
    }

    /// A final soft failure: counted; enough within the window suppress briefly.
    public static func softBounce(address: String, reason: String, status: String?, job: String?, at: Date) -> Self {
        Self(address: address, source: .soft, reason: reason, status: status, job: job, at: at)
    }

    /// A complaint (ARF): suppresses notices only.
    public static func complaint(address: String, reason: String = "complaint", job: String?, at: Date) -> Self {
        Self(address: address, source: .complaint, reason: reason, job: job, at: at)
    }

    /// An operator's addition: every kind, for `days` (default `SuppressionPolicy.operatorDays`).
    public static func operatorAdd(address: String, reason: String = "added by an operator", days: Int? = nil, at: Date) -> Self {
        Self(address: address, source: .operator, reason: reason, at: at, days: days)
    }
}

/// What `SuppressionList.record` did with an event.
public enum SuppressionOutcome: Sendable, Equatable {
    /// The address is suppressed (newly, or for longer, or already): the entry as it is now.
    case suppressed(SuppressionEntry)
    /// The same job and source were reported before: nothing changed.
    case repeated
    /// A soft failure counted (`softFailures` of them within the window): not yet suppressing.
    case counted(softFailures: Int)
    /// The circuit breaker holds suppressions for `domain`: stored, not suppressing, until an
    /// operator releases (`release(domain:)`) or drops (`drop(domain:)`) them.
    case held(domain: String)
}
