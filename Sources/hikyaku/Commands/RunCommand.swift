// RunCommand.swift — `hikyaku run`: the long-running worker (or one drain with --once).
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuDelivery
import HikyakuService

enum RunCommand: Command {
    static let name = "run"
    static let summary = "run the worker: claim, render, send, record (--once: drain and exit)"
    static let usage = """
        usage: hikyaku run [--config FILE] [--spool DIR] [--once] [--metrics-file PATH]
          Claims jobs from new/, issues links and codes, renders, sends through the configured
          transport and moves each job to sent/, deferred/ or failed/. Logs one JSON line per event
          on stderr. --once drains what is ready and exits 0; otherwise runs until SIGTERM/SIGINT,
          finishing messages in flight (at most 4 × smtp.timeout_seconds + 5 s). Refuses to start
          (exit 78) unless `hikyaku templates check` passes; SIGHUP reloads the templates when they
          pass it, and keeps the old ones otherwise. --metrics-file writes Prometheus text there (atomically) every 5 s and at exit.
          Inbound mail is processed beside the jobs: messages `inbound deliver` stored, and what the
          MTA put in `inbound_maildir`, are classified and filed (docs/inbound.md).
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["metrics-file"], switches: ["once"])
        _ = try arguments.positionals(exactly: 0, "no arguments")
        let config = try loadConfig(arguments)
        let clock = SystemClock()
        let log = Log(sink: .standardError, clock: clock)
        let tokens = try TokenStore.open(config: config, clock: clock)
        let library = try TemplateLibrary.checked(config: config)
        let spool = DirectorySpool(config: config)
        let processor = JobProcessor(
            spool: spool, tokens: tokens, composer: MailComposer(config: config, library: library),
            config: config, clock: clock, log: log)
        let stop = StopFlag()
        stop.installSignalHandlers()
        let password = try TransportFactory.password(config)
        let connections = config.transport.hasPrefix("file:") ? 1 : config.smtp.connections
        // Inbound mail (docs/inbound.md): classified, filed, and acted on (suppression, bounced/, events).
        let actions = InboundActions(
            spool: spool, suppression: processor.suppression, tokens: tokens, catalogue: { processor.catalogue }, clock: clock, log: log)
        let inbound = InboundProcessor(
            inbound: spool.inbound, maildir: config.inboundMaildir, keys: try ReturnPathKeys.load(config: config), effects: actions,
            clock: clock, log: log)
        let worker = Worker(
            spool: spool, processor: processor, connections: connections,
            shutdownBound: TimeInterval(config.smtp.timeoutSeconds * 4 + 5), clock: clock, log: log, stop: stop,
            metricsFile: try arguments.value("metrics-file").map(metricsFile), inbound: inbound)
        _ = try worker.run(once: arguments.flag("once"), makeTransport: { try TransportFactory.make(config, password: password) }) {
            do {
                return MailComposer(config: config, library: try TemplateLibrary.checked(config: config))
            } catch {
                log.event("templates_reload_failed", ["error": "\(error)"])
                return nil
            }
        }
        return .ok
    }
}

/// The `--metrics-file` target, refused at once when its directory does not exist.
private func metricsFile(_ path: String) throws(UsageError) -> MetricsFile {
    var isDirectory: ObjCBool = false
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard !path.isEmpty, FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw UsageError("--metrics-file \(Sanitize.line(path)): its directory does not exist")
    }
    return MetricsFile(path: path)
}
