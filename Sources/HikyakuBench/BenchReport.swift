// BenchReport.swift — the figures of one bench run, the ratios between them, as text or JSON.
import Foundation
import HikyakuBase

/// Messages/s of a reference tool.
public struct BaselineFigures: Sendable {
    public var messages: Int
    public var connections: Int
    public var messagesPerSecond: Double
}

/// Everything one run measured. Ratios are computed from figures of the same run.
public struct BenchReport: Sendable {
    public var options: BenchOptions
    /// The scratch directory, when it was kept.
    public var scratch: String?
    public var drain: DrainFigures?
    public var singleConnection: DrainFigures?
    public var smtpSource: BaselineFigures?
    public var smtplib: BaselineFigures?
    /// hikyaku's own libcurl transport with nothing around it: the fixed choice's ceiling.
    public var libcurl: BaselineFigures?
    /// The durable peer: a private Postfix draining the same backlog size.
    public var postfix: PeerFigures?
    /// The peer's instance directory, when it was kept.
    public var peerScratch: String?
    public var idle: Percentiles?
    public var consume: Percentiles?
    /// The 1-minute load average when the run started: other work on the machine skews every figure.
    public var loadAverage: Double?

    public init(options: BenchOptions, scratch: String?) {
        self.options = options
        self.scratch = scratch
        let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)
        loadAverage = text?.split(separator: " ").first.flatMap { Double($0) }
    }

    /// hikyaku ÷ smtp-source at the same connection count.
    public var versusSMTPSource: Double? { ratio(drain?.messagesPerSecond, smtpSource?.messagesPerSecond) }
    /// hikyaku ÷ Python smtplib on one connection.
    public var versusSMTPLib: Double? { ratio(drain?.messagesPerSecond, smtplib?.messagesPerSecond) }
    /// hikyaku ÷ its libcurl transport alone: what the spool, tokens, rendering and records cost.
    public var versusLibcurl: Double? { ratio(drain?.messagesPerSecond, libcurl?.messagesPerSecond) }
    /// The ceiling's own ratios: the best `versusSMTPSource` and `versusSMTPLib` libcurl allows.
    public var libcurlVersusSMTPSource: Double? { ratio(libcurl?.messagesPerSecond, smtpSource?.messagesPerSecond) }
    public var libcurlVersusSMTPLib: Double? { ratio(libcurl?.messagesPerSecond, smtplib?.messagesPerSecond) }
    /// hikyaku ÷ Postfix's durable drain, msg/s at the same connection count and file system.
    public var versusPostfix: Double? { ratio(drain?.messagesPerSecond, postfix?.messagesPerSecond) }
    /// hikyaku's CPU per message ÷ Postfix's (below 1: hikyaku spends less).
    public var cpuVersusPostfix: Double? { ratio(drain?.cpuSecondsPerThousand, postfix?.cpuSecondsPerThousand) }
    /// hikyaku at `connections` ÷ hikyaku at one connection (slow relay only).
    public var scaling: Double? { ratio(drain?.messagesPerSecond, singleConnection?.messagesPerSecond) }

    private func ratio(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b > 0 else { return nil }
        return a / b
    }

    /// One JSON object (sorted keys); scenarios that did not run are null.
    public func json() -> String {
        var object: [String: JSONValue] = [
            "jobs": .int(options.jobs), "connections": .int(options.connections),
            "kinds": .array(options.kinds.map { .string($0.name) }), "relay_delay_ms": .int(options.relayDelayMilliseconds),
        ]
        object["hikyaku"] = drain.map(Self.json) ?? .null
        object["single_connection"] = singleConnection.map(Self.json) ?? .null
        object["message_bytes"] = JSONValue(drain?.averageBytes)
        object["smtp_source"] = smtpSource.map(Self.json) ?? .null
        object["smtplib"] = smtplib.map(Self.json) ?? .null
        object["libcurl_alone"] = libcurl.map(Self.json) ?? .null
        object["postfix_peer"] = postfix.map(Self.json) ?? .null
        object["ratios"] = [
            "vs_smtp_source": Self.optional(versusSMTPSource), "vs_smtplib": Self.optional(versusSMTPLib),
            "vs_libcurl_alone": Self.optional(versusLibcurl),
            "libcurl_alone_vs_smtp_source": Self.optional(libcurlVersusSMTPSource),
            "libcurl_alone_vs_smtplib": Self.optional(libcurlVersusSMTPLib),
            "scaling_vs_one_connection": Self.optional(scaling),
            "vs_postfix": Self.optional(versusPostfix), "cpu_vs_postfix": Self.optional(cpuVersusPostfix),
        ]
        object["idle_otp_latency_ms"] = idle.map { Self.json($0, countKey: "drops") } ?? .null
        object["token_consume_ms"] = consume.map { Self.json($0, countKey: "runs") } ?? .null
        object["scratch"] = JSONValue(scratch)
        object["peer_scratch"] = JSONValue(peerScratch)
        object["load_average"] = Self.optional(loadAverage)
        // A non-finite figure (a division by a zero time) makes the report empty, as it always did.
        return JSONText.string(.object(object)) ?? ""
    }

    private static func json(_ figures: DrainFigures) -> JSONValue {
        [
            "jobs": .int(figures.jobs), "connections": .int(figures.connections), "seconds": .double(rounded(figures.seconds)),
            "messages_per_second": .double(rounded(figures.messagesPerSecond)), "latency_ms": json(figures.latency, countKey: nil),
            "smtp_ms": json(figures.smtp, countKey: nil), "peak_rss_mb": .double(rounded(Double(figures.peakRSSBytes) / 1_048_576)),
            "cpu_seconds": .double(rounded(figures.cpuSeconds)), "cpu_seconds_per_1000": .double(rounded(figures.cpuSecondsPerThousand)),
            "files_created_per_job": .double(rounded(figures.perJob(figures.filesCreated))),
            "fsyncs_per_job": .double(rounded(figures.perJob(figures.fsyncs))),
            "directory_fsyncs_per_job": .double(rounded(figures.perJob(figures.directorySyncs))),
            "syncfs_per_job": .double(rounded(figures.perJob(figures.fileSystemSyncs))),
        ]
    }

    private static func json(_ figures: PeerFigures) -> JSONValue {
        [
            "messages": .int(figures.messages), "connections": .int(figures.connections), "seconds": .double(rounded(figures.seconds)),
            "messages_per_second": .double(rounded(figures.messagesPerSecond)), "cpu_seconds": .double(rounded(figures.cpuSeconds)),
            "cpu_seconds_per_1000": .double(rounded(figures.cpuSecondsPerThousand)),
            "queue_seconds": .double(rounded(figures.queueSeconds)),
        ]
    }

    private static func json(_ figures: BaselineFigures) -> JSONValue {
        [
            "messages": .int(figures.messages), "connections": .int(figures.connections),
            "messages_per_second": .double(rounded(figures.messagesPerSecond)),
        ]
    }

    private static func json(_ p: Percentiles, countKey: String?) -> JSONValue {
        var object: [String: JSONValue] = ["p50": .double(rounded(p.p50)), "p99": .double(rounded(p.p99)), "max": .double(rounded(p.max))]
        if let countKey { object[countKey] = .int(p.count) }
        return .object(object)
    }

    private static func optional(_ value: Double?) -> JSONValue { JSONValue(value.map(rounded)) }

    /// Two decimals are plenty for figures that vary by several percent between runs.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
