// BenchReport+Text.swift — the report as a terminal table, each figure next to issue 5's target.
import Foundation

extension BenchReport {
    /// A few aligned lines for a human; the targets are issue 5's, for comparison only.
    public func text() -> String {
        var lines: [String] = []
        let kinds = options.kinds.map(\.name).joined(separator: ", ")
        lines.append(
            "hikyaku bench: \(options.jobs) jobs (\(kinds); ja, en, ja+en), \(options.connections) connections, "
                + "relay delay \(options.relayDelayMilliseconds) ms, load average \(loadAverage.map { String($0) } ?? "?") at start")
        if let drain {
            lines.append(
                "durable: every state change synced to disk before it is relied on; messages \(drain.averageBytes) bytes on average")
        }
        lines.append("")
        lines.append(row("", "msg/s", "CPU s/1k", "rename→250 p50/p99 ms", "SMTP p50/p99 ms", "peak RSS"))
        if let drain { lines.append(drainRow("hikyaku run (\(drain.connections) conn)", drain)) }
        if let singleConnection { lines.append(drainRow("hikyaku run (1 conn)", singleConnection)) }
        if let smtpSource {
            lines.append(row("smtp-source (\(smtpSource.connections) sessions)", Self.rate(smtpSource.messagesPerSecond), "", "", "", ""))
        }
        if let smtplib { lines.append(row("python smtplib (1 conn)", Self.rate(smtplib.messagesPerSecond), "", "", "", "")) }
        if let libcurl {
            lines.append(row("libcurl alone (\(libcurl.connections) threads)", Self.rate(libcurl.messagesPerSecond), "", "", "", ""))
        }
        if let postfix {
            lines.append(
                row(
                    "postfix queue drain (\(postfix.connections) conn)", Self.rate(postfix.messagesPerSecond),
                    Self.fixed(postfix.cpuSecondsPerThousand), "", "", ""))
        }
        lines.append("")
        if let value = versusSMTPSource { lines.append("hikyaku ÷ smtp-source:   \(Self.fixed(value))   (target ≥ 0.5 at 4 connections)") }
        if let value = versusSMTPLib { lines.append("hikyaku ÷ smtplib:       \(Self.fixed(value))   (target ≥ 3)") }
        if let value = versusLibcurl, let source = libcurlVersusSMTPSource, let lib = libcurlVersusSMTPLib {
            lines.append(
                "hikyaku ÷ libcurl alone: \(Self.fixed(value))   (libcurl alone is the ceiling: ÷ smtp-source \(Self.fixed(source)), "
                    + "÷ smtplib \(Self.fixed(lib)))")
        }
        if let value = versusPostfix, let cpu = cpuVersusPostfix {
            lines.append(
                "hikyaku ÷ postfix:       \(Self.fixed(value))   (durable drain of a held backlog, same file system; target ≥ 2 on disk, "
                    + "≥ 3 on tmpfs); CPU per message \(Self.fixed(cpu)) × Postfix's")
        }
        if let drain {
            lines.append(
                "per job while draining:  files created per job \(Self.fixed(drain.perJob(drain.filesCreated))) (target ≤ 1.5), "
                    + "fsyncs per job \(Self.fixed(drain.perJob(drain.fsyncs))) (of directories "
                    + "\(Self.fixed(drain.perJob(drain.directorySyncs)))), syncfs per job \(Self.fixed(drain.perJob(drain.fileSystemSyncs)))"
            )
            lines.append(
                "hikyaku's own CPU:       \(Self.fixed(drain.cpuSecondsPerThousand)) s per 1,000 messages   (target ≤ 0.35 on tmpfs)")
        }
        if let value = scaling {
            lines.append(
                "\(options.connections) connections ÷ 1:  \(Self.fixed(value))   (target ≥ 12 for 16 connections, relay delay 20 ms)")
        }
        if let idle {
            lines.append(
                "idle worker, one OTP job, rename → 250 (\(idle.count) drops): p50 \(Self.fixed(idle.p50)) ms, "
                    + "p99 \(Self.fixed(idle.p99)) ms   (target p50 < 5, p99 < 20)")
        }
        if let consume {
            lines.append(
                "token consume as a process (\(consume.count) runs): p50 \(Self.fixed(consume.p50)) ms, "
                    + "p99 \(Self.fixed(consume.p99)) ms   (target p50 < 20)")
        }
        if let drain {
            lines.append(
                "peak RSS while draining \(drain.jobs) jobs: \(drain.peakRSSBytes / 1_048_576) MB   (target < 64 MB at 100,000 jobs)")
        }
        if let scratch { lines.append("scratch kept: \(scratch)") }
        if let peerScratch { lines.append("postfix peer kept: \(peerScratch)") }
        return lines.joined(separator: "\n")
    }

    private func drainRow(_ label: String, _ figures: DrainFigures) -> String {
        row(
            label, Self.rate(figures.messagesPerSecond), Self.fixed(figures.cpuSecondsPerThousand),
            "\(Self.fixed(figures.latency.p50)) / \(Self.fixed(figures.latency.p99))",
            "\(Self.fixed(figures.smtp.p50)) / \(Self.fixed(figures.smtp.p99))", "\(figures.peakRSSBytes / 1_048_576) MB")
    }

    private func row(_ label: String, _ rate: String, _ cpu: String, _ latency: String, _ smtp: String, _ memory: String) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        var line = pad(label, 30) + pad(rate, 10) + pad(cpu, 10) + pad(latency, 24) + pad(smtp, 18) + memory
        while line.last == " " { line.removeLast() }
        return line
    }

    static func rate(_ value: Double) -> String { String(Int(value.rounded())) }

    static func fixed(_ value: Double) -> String { String(format: value >= 100 ? "%.0f" : "%.2f", value) }
}
