// BenchOptions.swift — what one `hikyaku-bench` run measures, with the defaults the README quotes.
import Foundation
import HikyakuMail

/// The knobs of a benchmark run. Every scenario runs in one invocation; the figures of one run
/// are compared with each other (ratios), never with a fixed time.
public struct BenchOptions: Sendable {
    /// Jobs generated for the throughput pass (a backlog in `new/` before the worker starts).
    public var jobs = 2000
    /// Sending threads (SMTP connections) for the throughput pass; also smtp-source's sessions.
    public var connections = 4
    /// The kinds to mix, round robin; locales cycle through ja, en and ja+en.
    public var kinds: [MailKind] = MailCatalogue.standard.kinds
    /// Extra time the sink waits before answering the final "." (a slow relay); 0 for none.
    public var relayDelayMilliseconds = 0
    /// Single OTP jobs dropped one by one into an idle worker (the latency scenario); 0 skips it.
    public var drops = 200
    /// `hikyaku token consume` processes spawned one after another; 0 skips the scenario.
    public var consumeRuns = 50
    /// Messages smtp-source and smtplib send; nil means min(jobs, 20000).
    public var baselineMessages: Int? = nil
    /// Skips smtp-source, smtplib and libcurl alone (and so their ratios); not the peer.
    public var skipBaselines = false
    /// The durable peer: a private Postfix draining the same number of messages (`--peer`).
    public var peer: PeerChoice = .automatic
    /// Where the scratch directory (spools, state, worker logs) is made: the file system whose
    /// durability is measured. nil: the system's temporary directory (`TMPDIR`).
    public var directory: String? = nil
    /// Leaves the scratch directory (spool, state, worker log) in place for inspection.
    public var keepScratch = false
    /// The `hikyaku` binary spawned by the consume scenario.
    /// The `hikyaku` binary timed by the consume pass: the one installed beside `hikyaku-bench`.
    public var executable: String = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("hikyaku").path

    public init() {}

    /// Whether the durable-peer pass runs.
    public enum PeerChoice: String, Sendable, CaseIterable {
        /// Postfix when it can run here (installed, and the bench is root), else skipped with a note.
        case automatic = "auto"
        /// Postfix, or the run fails (exit 69) when it cannot run here.
        case postfix
        /// No peer pass.
        case none
    }

    /// How many messages each baseline sends: `baselineMessages`, else min(jobs, 20000); with a
    /// relay delay, capped so one baseline takes about 5 s (`sessions` in parallel).
    public func baselineCount(sessions: Int) -> Int {
        let wanted = baselineMessages ?? min(jobs, 20000)
        guard relayDelayMilliseconds > 0 else { return max(1, wanted) }
        let cap = max(10, 5000 / relayDelayMilliseconds * sessions)
        return max(1, min(wanted, cap))
    }
}
