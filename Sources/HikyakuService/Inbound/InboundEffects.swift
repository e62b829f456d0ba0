// InboundEffects.swift — what a classified inbound message does to the rest of hikyaku: nothing yet (phase 2 acts).
import HikyakuSpool

/// Acts on the classification of one stored inbound message: suppression, the job's bounced
/// state, events (phase 2). The worker calls it for each message it files in `inbound/done/`
/// (bounce, delayed, complaint, auto_reply), never for `other`, a truncated message or a
/// quarantined entry.
///
/// At least once, with a stable identity: the worker calls `apply` after writing the report and
/// before moving the message out of `inbound/new/`, so a crash in between makes it call `apply`
/// again for the same `message`. An implementation makes a repeated call for one `message.stem`
/// a no-op (record what it did under that name). A throw leaves the message in `inbound/new/`:
/// the worker logs `inbound_effects_error` and tries again next cycle, never stopping.
package protocol InboundEffects: Sendable {
    /// Acts on `report`, the classification of the stored message `message`.
    func apply(_ report: InboundReport, message: InboundName) throws
}

/// The effects of phase 1: none. The report is stored and shown (`inbound list|show`), nothing else changes.
package struct NoInboundEffects: InboundEffects {
    /// No effects.
    package init() {}

    /// Does nothing.
    package func apply(_ report: InboundReport, message: InboundName) {}
}
