// InboundProcessor.swift — the worker's inbound pass: take from the maildir, classify inbound/new, file each message, hand it on.
import Foundation
import HikyakuBase
import HikyakuSpool
import Synchronization

/// Processes the inbound spool one message at a time: each pass first takes what the MTA put in
/// the maildir (`inbound_maildir`), then, oldest first, classifies every message of
/// `inbound/new/` (`InboundClassifier`, its VERP tag verified) and files it with its report `<name>.json`: into
/// `done/` (then `InboundEffects` acts on it) or `other/` (kind `other`, or truncated); a message
/// that is not a mail, or not a plain file, goes to `quarantine/` with `<name>.reason`. Nothing
/// is deleted; a bad message never stops the pass, a failure leaves the message in `new/` for
/// the next pass. Several workers may share the spool: a message is claimed with `flock`.
public final class InboundProcessor: Sendable {
    /// What one pass did.
    package struct Pass: Sendable, Equatable {
        /// Messages taken from the maildir.
        package var taken = 0
        /// Messages filed, per state (`done`, `other`, `quarantine`).
        package var filed: [InboundState: Int] = [:]
        /// Messages left in `new/` after a failure (tried again next pass).
        package var retry = 0
    }

    let inbound: InboundSpool
    let maildir: String?
    /// The keys VERP tags are verified under (nil: no server secret, no tag is valid).
    let keys: ReturnPathKeys?
    let effects: any InboundEffects
    let clock: any Clock
    let log: Log
    /// The last maildir problem logged: the same one is logged once, not every pass.
    private let maildirProblem = Mutex<String?>(nil)

    /// A processor of `inbound`, taking mail from `maildir` when given, verifying tags under
    /// `keys`, acting through `effects`.
    package init(
        inbound: InboundSpool, maildir: String?, keys: ReturnPathKeys?, effects: any InboundEffects = NoInboundEffects(), clock: any Clock,
        log: Log
    ) {
        self.inbound = inbound
        self.maildir = maildir
        self.keys = keys
        self.effects = effects
        self.clock = clock
        self.log = log
    }

    /// The directory whose new entries call for a pass (`inbound/new/`).
    package var watchedDirectory: String { inbound.path(.new) }

    /// One pass: the maildir, then every message in `new/` until done or `shouldStop()`.
    @discardableResult
    package func pass(shouldStop: () -> Bool = { false }) -> Pass {
        var pass = Pass()
        if let maildir {
            let intake = takeFromMaildir(maildir)
            pass.taken = intake.taken
            if intake.quarantined > 0 { pass.filed[.quarantine, default: 0] += intake.quarantined }
        }
        let scan: (names: [InboundName], quarantined: [String], errors: [String])
        do {
            scan = try inbound.scanNew(at: clock.now())
        } catch {
            log.event("inbound_error", ["state": "new", "error": error.description])
            return pass
        }
        for odd in scan.quarantined { log.event("inbound_quarantined", ["name": odd, "reason": "odd file name in inbound/new/"]) }
        for problem in scan.errors { log.event("inbound_error", ["state": "new", "error": problem]) }
        if !scan.quarantined.isEmpty { pass.filed[.quarantine, default: 0] += scan.quarantined.count }
        for name in scan.names {
            if shouldStop() { break }
            switch process(name) {
            case .filed(let state): pass.filed[state, default: 0] += 1
            case .skipped: break
            case .retry: pass.retry += 1
            }
        }
        return pass
    }

    /// Moves the maildir's messages into `new/`; how many, and how many went to quarantine.
    /// Problems are logged, never thrown.
    func takeFromMaildir(_ maildir: String) -> (taken: Int, quarantined: Int) {
        let intake: MaildirIntake
        do {
            intake = try inbound.intake(maildir: maildir)
            maildirProblem.withLock { $0 = nil }
        } catch {
            let problem = error.description
            let repeated = maildirProblem.withLock { last in
                defer { last = problem }
                return last == problem
            }
            if !repeated { log.event("inbound_maildir_error", ["error": problem]) }
            return (0, 0)
        }
        for name in intake.taken { log.event("inbound_taken", ["name": name.stem, "source": "maildir"]) }
        for entry in intake.quarantined { log.event("inbound_quarantined", ["name": entry, "source": "maildir"]) }
        for error in intake.errors { log.event("inbound_maildir_error", ["error": error]) }
        if intake.duplicates > 0 { log.event("inbound_duplicates_removed", ["count": intake.duplicates]) }
        return (intake.taken.count, intake.quarantined.count)
    }
}
