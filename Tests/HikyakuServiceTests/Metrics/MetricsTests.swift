// MetricsTests.swift — the Prometheus text exposition: gauges per state, counters by kind and outcome, a cumulative histogram.
import Foundation
import XCTest
@testable import HikyakuService
import HikyakuTokens

final class MetricsTests: XCTestCase {
    func testExpositionFormatIsExact() {
        let metrics = Metrics()
        metrics.record(JobReport(id: "a", kind: "otp_code", state: .sent, attemptSeconds: 0.03))
        metrics.record(JobReport(id: "b", kind: "otp_code", state: .sent, attemptSeconds: 0.2))
        metrics.record(
            JobReport(id: "c", kind: "login_notice", state: .deferred, nextAttemptAt: Date(), attemptSeconds: 7, possibleDuplicate: true))
        metrics.record(JobReport(id: "d", kind: "password_reset", state: .failed, attemptSeconds: 120))
        metrics.record(JobReport(id: "e", kind: "unknown", state: .corrupt))
        metrics.recordRecovered(2)
        let text = metrics.snapshot().prometheusText(jobs: [
            .tmp: 9, .new: 3, .active: 1, .deferred: 1, .sent: 2, .failed: 1, .corrupt: 1, .hold: 0,
        ])
        let expected = """
            # HELP hikyaku_jobs Jobs in each spool state directory.
            # TYPE hikyaku_jobs gauge
            hikyaku_jobs{state="new"} 3
            hikyaku_jobs{state="active"} 1
            hikyaku_jobs{state="deferred"} 1
            hikyaku_jobs{state="sent"} 2
            hikyaku_jobs{state="failed"} 1
            hikyaku_jobs{state="corrupt"} 1
            hikyaku_jobs{state="hold"} 0
            # HELP hikyaku_deliveries_total Jobs processed by this worker, by kind and resulting state.
            # TYPE hikyaku_deliveries_total counter
            hikyaku_deliveries_total{kind="deletion_notice",outcome="deferred"} 0
            hikyaku_deliveries_total{kind="deletion_notice",outcome="failed"} 0
            hikyaku_deliveries_total{kind="deletion_notice",outcome="sent"} 0
            hikyaku_deliveries_total{kind="deletion_notice",outcome="suppressed"} 0
            hikyaku_deliveries_total{kind="email_change",outcome="deferred"} 0
            hikyaku_deliveries_total{kind="email_change",outcome="failed"} 0
            hikyaku_deliveries_total{kind="email_change",outcome="rate_limited"} 0
            hikyaku_deliveries_total{kind="email_change",outcome="sent"} 0
            hikyaku_deliveries_total{kind="email_change",outcome="superseded"} 0
            hikyaku_deliveries_total{kind="email_change",outcome="suppressed"} 0
            hikyaku_deliveries_total{kind="login_notice",outcome="deferred"} 1
            hikyaku_deliveries_total{kind="login_notice",outcome="failed"} 0
            hikyaku_deliveries_total{kind="login_notice",outcome="rate_limited"} 0
            hikyaku_deliveries_total{kind="login_notice",outcome="sent"} 0
            hikyaku_deliveries_total{kind="login_notice",outcome="suppressed"} 0
            hikyaku_deliveries_total{kind="otp_code",outcome="deferred"} 0
            hikyaku_deliveries_total{kind="otp_code",outcome="failed"} 0
            hikyaku_deliveries_total{kind="otp_code",outcome="rate_limited"} 0
            hikyaku_deliveries_total{kind="otp_code",outcome="sent"} 2
            hikyaku_deliveries_total{kind="otp_code",outcome="superseded"} 0
            hikyaku_deliveries_total{kind="otp_code",outcome="suppressed"} 0
            hikyaku_deliveries_total{kind="password_reset",outcome="deferred"} 0
            hikyaku_deliveries_total{kind="password_reset",outcome="failed"} 1
            hikyaku_deliveries_total{kind="password_reset",outcome="rate_limited"} 0
            hikyaku_deliveries_total{kind="password_reset",outcome="sent"} 0
            hikyaku_deliveries_total{kind="password_reset",outcome="superseded"} 0
            hikyaku_deliveries_total{kind="password_reset",outcome="suppressed"} 0
            hikyaku_deliveries_total{kind="unknown",outcome="corrupt"} 1
            # HELP hikyaku_attempt_duration_seconds Duration of each delivery attempt, from claim to recorded outcome.
            # TYPE hikyaku_attempt_duration_seconds histogram
            hikyaku_attempt_duration_seconds_bucket{le="0.05"} 1
            hikyaku_attempt_duration_seconds_bucket{le="0.1"} 1
            hikyaku_attempt_duration_seconds_bucket{le="0.25"} 2
            hikyaku_attempt_duration_seconds_bucket{le="0.5"} 2
            hikyaku_attempt_duration_seconds_bucket{le="1"} 2
            hikyaku_attempt_duration_seconds_bucket{le="2.5"} 2
            hikyaku_attempt_duration_seconds_bucket{le="5"} 2
            hikyaku_attempt_duration_seconds_bucket{le="10"} 3
            hikyaku_attempt_duration_seconds_bucket{le="30"} 3
            hikyaku_attempt_duration_seconds_bucket{le="60"} 3
            hikyaku_attempt_duration_seconds_bucket{le="+Inf"} 4
            hikyaku_attempt_duration_seconds_sum 127.23
            hikyaku_attempt_duration_seconds_count 4
            # HELP hikyaku_possible_duplicates_total Attempts whose reply after the final "." was lost (the relay may have the message).
            # TYPE hikyaku_possible_duplicates_total counter
            hikyaku_possible_duplicates_total 1
            # HELP hikyaku_recovered_total Jobs put back into new/ because the worker that claimed them was gone.
            # TYPE hikyaku_recovered_total counter
            hikyaku_recovered_total 2

            """
        XCTAssertEqual(text, expected)
    }

    func testEveryLineIsACommentOrANameLabelsValueSample() throws {
        let metrics = Metrics()
        metrics.record(JobReport(id: "a", kind: "otp_code", state: .sent, attemptSeconds: 1.0 / 3))
        let text = metrics.snapshot().prometheusText(jobs: [.new: 0])
        let sample = try NSRegularExpression(pattern: #"^[a-z_]+(\{([a-z]+="[^"\\\n]*",?)+\})? (-?[0-9]+(\.[0-9]+)?|\+Inf)$"#)
        for line in text.split(separator: "\n").map(String.init) where !line.hasPrefix("# HELP ") && !line.hasPrefix("# TYPE ") {
            XCTAssertNotNil(sample.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), line)
        }
        XCTAssertTrue(text.contains("hikyaku_attempt_duration_seconds_sum 0.333333\n"), text)
        XCTAssertTrue(text.hasSuffix("\n"))
    }

    func testLabelValuesAreEscaped() {
        XCTAssertEqual(Metrics.Snapshot.escape(#"a"b\c"# + "\nd"), #"a\"b\\c\nd"#)
    }

    func testMetricsFileIsReplacedAtomicallyAndReadableByTheCollector() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = MetricsFile(path: directory.appendingPathComponent("hikyaku.prom").path)
        try file.write("first 1\n")
        try file.write("second 2\n")
        XCTAssertEqual(try String(contentsOfFile: file.path, encoding: .utf8), "second 2\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["hikyaku.prom"], "no temporary file is left")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o644)
        XCTAssertThrowsError(try MetricsFile(path: directory.appendingPathComponent("missing/x.prom").path).write("x 1\n"))
    }

    func testSupersededAndRateLimitedJobsAreCountedApartFromFailures() {
        let metrics = Metrics()
        metrics.record(JobReport(id: "a", kind: "email_change", state: .failed, superseded: true))
        metrics.record(JobReport(id: "b", kind: "password_reset", state: .failed, rateLimited: true))
        metrics.record(JobReport(id: "c", kind: "password_reset", state: .failed))
        let text = metrics.snapshot().prometheusText(jobs: [:])
        XCTAssertTrue(text.contains("hikyaku_deliveries_total{kind=\"email_change\",outcome=\"superseded\"} 1"), text)
        XCTAssertTrue(text.contains("hikyaku_deliveries_total{kind=\"email_change\",outcome=\"failed\"} 0"), text)
        XCTAssertTrue(text.contains("hikyaku_deliveries_total{kind=\"password_reset\",outcome=\"rate_limited\"} 1"), text)
        XCTAssertTrue(text.contains("hikyaku_deliveries_total{kind=\"password_reset\",outcome=\"failed\"} 1"), text)
    }

    func testSuppressedJobsAreAnOutcomeOfTheirOwnAndTheListsEntriesAGauge() {
        let metrics = Metrics()
        metrics.record(JobReport(id: "a", kind: "login_notice", state: .failed, suppressed: true))
        var counts = SuppressionCounts()
        (counts.active, counts.notices, counts.held, counts.expired) = (4, 1, 2, 3)
        let text = metrics.snapshot().prometheusText(jobs: [:], suppression: counts)
        XCTAssertTrue(text.contains("hikyaku_deliveries_total{kind=\"login_notice\",outcome=\"suppressed\"} 1"), text)
        XCTAssertTrue(text.contains("hikyaku_deliveries_total{kind=\"login_notice\",outcome=\"failed\"} 0"), text)
        XCTAssertTrue(
            text.hasSuffix(
                """
                # TYPE hikyaku_suppressions gauge
                hikyaku_suppressions{state="active"} 4
                hikyaku_suppressions{state="counting"} 0
                hikyaku_suppressions{state="expired"} 3
                hikyaku_suppressions{state="held"} 2
                hikyaku_suppressions{state="notices"} 1

                """), text)
        XCTAssertFalse(metrics.snapshot().prometheusText(jobs: [:]).contains("hikyaku_suppressions"))
    }

    func testInboundMessagesAreGaugedPerStateWhenGiven() {
        let text = Metrics().snapshot().prometheusText(jobs: [:], inbound: [.new: 1, .done: 2, .other: 0, .quarantine: 3])
        XCTAssertTrue(text.contains("# TYPE hikyaku_inbound_messages gauge\n"), text)
        for (state, count) in [("new", 1), ("done", 2), ("other", 0), ("quarantine", 3)] {
            XCTAssertTrue(text.contains("hikyaku_inbound_messages{state=\"\(state)\"} \(count)\n"), text)
        }
        XCTAssertFalse(text.contains("state=\"tmp\""))
        XCTAssertFalse(Metrics().snapshot().prometheusText(jobs: [:]).contains("inbound"))
    }
}
