// BenchCommand.swift — `hikyaku-bench`: the benchmark against smtp-sink, smtp-source and smtplib.
import Foundation
import HikyakuBase
import HikyakuBench
import HikyakuMail
import HikyakuService

enum BenchCommand {
    static let usage = """
        usage: hikyaku-bench [--config FILE] [--jobs N] [--connections N] [--kinds K,K…] [--relay-delay-ms MS]
                             [--drops N] [--consume-runs N] [--baseline-messages N] [--no-baselines] [--peer auto|postfix|none]
                             [--dir DIR] [--keep] [--json]
               hikyaku-bench --compose-only ROUNDS [--jobs-dir DIR]
          Generates --jobs jobs (default 2000) of mixed kinds (default all kinds) and locales into a
          fresh spool, starts smtp-sink on a free loopback port, and lets the real worker drain them
          over --connections connections (default 4), every state change durable. Reports messages/s,
          rename→250 latency (p50/p99), peak RSS; then the same message size through smtp-source
          (same sessions), Python smtplib (one connection) and hikyaku's libcurl transport alone, and the
          ratios. --peer postfix (auto: when Postfix is installed and the bench runs as root) adds the
          durable peer: a private Postfix in --dir queues --jobs messages of that size on hold, then
          drains them over --connections connections; msg/s and CPU s per 1,000 messages of both,
          and the files created and fsyncs per job of hikyaku's drain. --relay-delay-ms holds
          each reply to the final "." (smtp-sink -w for whole seconds, else a delay relay in front of
          it) and adds a one-connection pass for the scaling ratio. Then --drops single OTP jobs
          (default 200) into an idle worker (rename→250 p50/p99), and --consume-runs (default 50)
          `hikyaku token consume` processes (p50). 0 skips a scenario. Templates, sender and links
          come from the config; spool, state and transport are the bench's own, in a scratch
          directory made in --dir (default $TMPDIR; pick the spool's file system to measure its
          durability) and removed afterwards (--keep leaves it). Needs smtp-sink (Debian's postfix);
          smtp-source and python3 for the baselines. Exit 69 when a tool is missing or a job fails.
          --compose-only composes every job of --jobs-dir (default fixtures/jobs) ROUNDS times with a
          fixed secret and clock, and prints CPU µs per mail and per job's bookkeeping, and an output digest.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(
            words,
            valued: [
                "compose-only", "jobs-dir", "jobs", "connections", "kinds", "relay-delay-ms", "drops", "consume-runs", "baseline-messages",
                "dir", "peer",
            ],
            switches: ["json", "keep", "no-baselines"])
        _ = try arguments.positionals(exactly: 0, "no arguments")
        if arguments.value("compose-only") != nil { return try composeOnly(arguments) }
        var options = BenchOptions()
        options.jobs = try number(arguments, "jobs", options.jobs, 1...1_000_000)
        options.connections = try number(arguments, "connections", options.connections, 1...64)
        options.relayDelayMilliseconds = try number(arguments, "relay-delay-ms", 0, 0...60_000)
        options.drops = try number(arguments, "drops", options.drops, 0...100_000)
        options.consumeRuns = try number(arguments, "consume-runs", options.consumeRuns, 0...100_000)
        if arguments.value("baseline-messages") != nil {
            options.baselineMessages = try number(arguments, "baseline-messages", 0, 1...1_000_000)
        }
        if let list = arguments.value("kinds") {
            options.kinds = try list.split(separator: ",").map { name throws(UsageError) -> MailKind in
                guard let kind = MailCatalogue.standard.kind(named: String(name)) else {
                    throw UsageError(
                        "--kinds: unknown kind \"\(Sanitize.line(String(name)))\" (\(MailCatalogue.standard.names.joined(separator: ", ")))"
                    )
                }
                return kind
            }
            guard !options.kinds.isEmpty else { throw UsageError("--kinds needs at least one kind") }
        }
        options.skipBaselines = arguments.flag("no-baselines")
        if let peer = arguments.value("peer") {
            guard let choice = BenchOptions.PeerChoice(rawValue: peer) else {
                throw UsageError("--peer must be one of \(BenchOptions.PeerChoice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.peer = choice
        }
        options.keepScratch = arguments.flag("keep")
        options.directory = arguments.value("dir")
        let config = try loadConfig(arguments)
        let report: BenchReport
        do {
            report = try Bench(options: options, config: config).run { complain($0) }
        } catch let error as BenchError {
            complain(error.description)
            return .unavailable
        }
        print(arguments.flag("json") ? report.json() : report.text())
        return .ok
    }

    /// `--compose-only ROUNDS`: the CPU cost of composing, without spool, tokens or SMTP.
    private static func composeOnly(_ arguments: Arguments) throws -> ExitCode {
        let rounds = try number(arguments, "compose-only", 1, 1...1_000_000)
        let config = try loadConfig(arguments)
        let composer = MailComposer(config: config, library: try TemplateLibrary(directory: URL(fileURLWithPath: config.templates)))
        do {
            let pass = try ComposePass(composer: composer, jobsDirectory: arguments.value("jobs-dir") ?? "fixtures/jobs")
            print(try pass.run(rounds: rounds).text())
        } catch let error as BenchError {
            complain(error.description)
            return .unavailable
        }
        return .ok
    }

    private static func number(_ arguments: Arguments, _ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(UsageError) -> Int
    {
        guard let text = arguments.value(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }
}
