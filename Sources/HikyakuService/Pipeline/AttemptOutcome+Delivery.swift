// AttemptOutcome+Delivery.swift — a transport's classified outcome as the spool records it.
import HikyakuDelivery
import HikyakuSpool

extension AttemptOutcome {
    /// The recorded outcome of an attempt that ended `outcome` (same names on disk).
    init(_ outcome: DeliveryOutcome) {
        switch outcome {
        case .sent: self = .sent
        case .deferred: self = .deferred
        case .failed: self = .failed
        }
    }
}
