// JobProcessor.swift — a job's way from start to finish: prepare (claim, issue, render) → send → record.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuDelivery
import Synchronization

/// Carries claimed jobs through the pipeline, shared by the worker's threads. `prepare` claims,
/// reads and validates a batch of jobs, issues their links and codes durably in one go and
/// renders each mail; `deliver` sends one prepared mail on the calling thread's transport and
/// queues its record. Never throws: every problem ends in a state and a log line, and every job
/// handed to `prepare` is reported exactly once, after its record is durable.
public final class JobProcessor: Sendable {
    let spool: DirectorySpool
    let tokens: TokenStore
    let config: Config
    let clock: any Clock
    let log: Log
    let composerBox: ComposerBox
    /// Each kind's mails per login and per address, counted in `<state>/limits/`.
    let limiter: RateLimiter
    /// The key of VERP tags (used only with `return_path`), derived from the server secret.
    let returnPathKey: ReturnPathKey
    /// Addresses not to mail (`<state>/suppression/`), checked before anything is issued.
    package let suppression: SuppressionList
    private let settings: Mutex<Settings>

    /// What the owner sets (usually before sending starts) and every sending thread reads.
    private struct Settings: Sendable {
        var retry: RetryPolicy
        weak var observer: (any JobObserver)?
    }

    /// Backoff and give-up for transient failures (from `config.retry`; tests inject randomness).
    public var retry: RetryPolicy {
        get { settings.withLock { $0.retry } }
        set { settings.withLock { $0.retry = newValue } }
    }

    /// Told about every processed job (the worker's schedule and metrics); set before sending
    /// starts. Held weakly: the worker owns the processor.
    public var observer: (any JobObserver)? {
        get { settings.withLock { $0.observer } }
        set { settings.withLock { $0.observer = newValue } }
    }

    public init(spool: DirectorySpool, tokens: TokenStore, composer: MailComposer, config: Config, clock: any Clock, log: Log) {
        self.spool = spool
        self.tokens = tokens
        self.config = config
        self.clock = clock
        self.log = log
        self.composerBox = ComposerBox(composer)
        self.returnPathKey = ReturnPathKey(mac: tokens.returnPathKey)
        self.limiter = RateLimiter(directory: (config.state as NSString).appendingPathComponent("limits"), limits: config.rateLimits)
        self.suppression = SuppressionList(stateDirectory: config.state, sharedGroup: config.webGroup, clock: clock)
        self.settings = Mutex(Settings(retry: RetryPolicy(config.retry)))
    }

    /// The mail kinds jobs are validated against: those of the current templates' library.
    public var catalogue: MailCatalogue { composerBox.get().library.catalogue }

    /// Swaps in freshly loaded templates (SIGHUP); messages in flight keep the old ones.
    public func replaceComposer(_ composer: MailComposer) { composerBox.set(composer) }

    /// Claims `new/<id>.json` and processes it on the calling thread; returns the final outcome
    /// once its record is durable, or nil if another worker claimed it first.
    @discardableResult
    public func process(id: String, transport: any Transport) -> DeliveryOutcome? {
        let outcome = OneShot<DeliveryOutcome?>()
        for job in prepare(ids: [id], onDone: { _, result in outcome.finish(result) }) {
            deliver(job, transport: transport)
        }
        return outcome.wait()
    }

    /// Sends a prepared mail and queues its record; returns without waiting for the record to
    /// be durable (the job's `onDone` reports that).
    func deliver(_ prepared: PreparedJob, transport: any Transport) {
        var result = transport.send(prepared.mail.bytes, envelope: envelope(for: prepared.mail))
        // A relay's content filter may quote the link or code back: never record or log it.
        result.reply = prepared.secret.redacting(result.reply)
        // The reason is the relay's reply as it came ("550 5.1.1 …"), its code added only when
        // the text does not start with it (a connection failure's description).
        let reason =
            result.outcome == .failed
            ? (result.reply.hasPrefix("\(result.code)") || result.code == 0 ? result.reply : "\(result.code) \(result.reply)") : nil
        finish(
            prepared.record, job: prepared.job, outcome: result.outcome, reason: reason, result: result,
            started: prepared.started, done: prepared.done)
    }
}

extension JobProcessor {
    /// Puts a prepared job back into `new/` unsent (the worker is stopping and had claimed it
    /// ahead). Its token is durable, and its seed either durable in the file or derived again from
    /// the same file, so whoever sends it mails the same link or code.
    package func giveBack(_ prepared: PreparedJob) {
        let id = prepared.record.id
        let moved = spool.unclaim(id: id)
        log.event(
            "unclaimed",
            [
                "job": id, "kind": prepared.job.kind.name, "state": moved ? "new" : "active",
                "reason": "worker stopping before its turn to send",
            ])
        prepared.done(nil)
    }
}

/// A claimed job whose link or code is durably issued and whose mail is rendered: ready to send.
package struct PreparedJob: Sendable {
    var record: JobRecord
    let job: Job
    let mail: ComposedMail
    package let secret: IssuedSecret
    let started: Date
    /// Releases the claim and reports the outcome once the record is durable (exactly once).
    let done: @Sendable (DeliveryOutcome?) -> Void
}

/// The job's link or code is no longer active (superseded, used, revoked or expired), or the
/// login's codes are locked (`locked`: the store issued nothing).
struct DeadSecret: Error {
    let status: String

    /// The status a locked login's code job fails with.
    static let locked = DeadSecret(status: "locked")

    /// The job's failure reason: `<status> before delivery`, or just `locked`.
    var reason: String { status == Self.locked.status ? status : "\(status) before delivery" }
}

/// The current composer, swappable on SIGHUP.
final class ComposerBox: Sendable {
    private let composer: Mutex<MailComposer>
    init(_ composer: MailComposer) { self.composer = Mutex(composer) }
    func get() -> MailComposer { composer.withLock { $0 } }
    func set(_ composer: MailComposer) { self.composer.withLock { $0 = composer } }
}
