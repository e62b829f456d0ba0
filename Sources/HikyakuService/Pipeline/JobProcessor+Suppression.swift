// JobProcessor+Suppression.swift — the pre-send check: a job to a suppressed address fails before any secret exists.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuDelivery

extension JobProcessor {
    /// Whether the job may go on. A job whose recipient the list suppresses for its kind (a
    /// notice: any active entry; other kinds: scope `all`) fails with
    /// `suppressed: <reason> (<status>) since <first> until <expires>` and its usual failed
    /// event; nothing is issued for it. A list that cannot be read defers the job (the retry
    /// policy gives up in time): a damaged entry is no reason to mail an address that bounced.
    /// An address the list cannot key was never suppressed.
    func checkSuppression(_ record: JobRecord, job: Job, started: Date, done: @escaping @Sendable (DeliveryOutcome?) -> Void) -> Bool {
        do {
            guard let entry = try suppression.check(address: job.to, notice: job.kind.isNotice, at: started) else { return true }
            finish(
                record, job: job, outcome: .failed, reason: SuppressionList.reason(for: entry), result: nil, started: started, done: done)
        } catch .badAddress {
            // An address the job's checks accept but the list cannot key (a quoted local part
            // with a blank, say) can never have been suppressed: it goes.
            return true
        } catch {
            defer_(record, job: job, reply: "suppression check: \(error)", started: started, done: done)
        }
        return false
    }
}
