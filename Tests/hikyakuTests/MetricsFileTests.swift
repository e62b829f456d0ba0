// MetricsFileTests.swift — `run --metrics-file` leaves a Prometheus text file with sane values behind.
import Foundation
import XCTest

final class MetricsFileTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testRunOnceWritesJobsByStateDeliveriesByKindAndTheLatencyHistogram() throws {
        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        try space.drop(fixture: "jobs/otp_code-ja.json", id: "otp1")
        try space.drop(fixture: "jobs/login_notice-en.json", id: "notice1")
        try space.drop(fixture: "jobs/login_notice-ja.json", id: "notice2")
        try space.drop(fixture: "bad-jobs/unknown-kind.json", id: "strange")
        try space.drop(fixture: "bad-jobs/not-json.json", id: "broken")
        let directory = space.root.appendingPathComponent("textfile")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("hikyaku.prom").path
        let run = try space.run(["run", "--once", "--metrics-file", path])
        XCTAssertEqual(run.status, 0, run.stderr)

        let text = try String(contentsOfFile: path, encoding: .utf8)
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            XCTAssertEqual(parts.count, 2, String(line))
            samples[String(parts[0])] = Double(parts[1])
        }
        XCTAssertEqual(samples["hikyaku_jobs{state=\"sent\"}"], 3)
        XCTAssertEqual(samples["hikyaku_jobs{state=\"failed\"}"], 1)
        XCTAssertEqual(samples["hikyaku_jobs{state=\"corrupt\"}"], 1)
        XCTAssertEqual(samples["hikyaku_jobs{state=\"new\"}"], 0)
        XCTAssertEqual(samples["hikyaku_jobs{state=\"active\"}"], 0)
        XCTAssertEqual(samples["hikyaku_deliveries_total{kind=\"otp_code\",outcome=\"sent\"}"], 1)
        XCTAssertEqual(samples["hikyaku_deliveries_total{kind=\"login_notice\",outcome=\"sent\"}"], 2)
        XCTAssertEqual(samples["hikyaku_deliveries_total{kind=\"unknown\",outcome=\"failed\"}"], 1)
        XCTAssertEqual(samples["hikyaku_deliveries_total{kind=\"unknown\",outcome=\"corrupt\"}"], 1)
        XCTAssertEqual(samples["hikyaku_deliveries_total{kind=\"password_reset\",outcome=\"sent\"}"], 0)
        XCTAssertEqual(samples["hikyaku_attempt_duration_seconds_count"], 3, "one observation per attempt that reached the relay")
        XCTAssertEqual(samples["hikyaku_attempt_duration_seconds_bucket{le=\"+Inf\"}"], 3)
        let sum = try XCTUnwrap(samples["hikyaku_attempt_duration_seconds_sum"])
        XCTAssertGreaterThan(sum, 0)
        XCTAssertEqual(samples["hikyaku_possible_duplicates_total"], 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o644, "readable by node_exporter")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["hikyaku.prom"], "no temporary file left")
    }

    func testAMetricsFileInAMissingDirectoryIsAUsageError() throws {
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        let run = try space.run(["run", "--once", "--metrics-file", space.root.appendingPathComponent("nowhere/x.prom").path])
        XCTAssertEqual(run.status, 64, run.stderr)
        XCTAssertTrue(run.stderr.contains("directory does not exist"), run.stderr)
    }
}
