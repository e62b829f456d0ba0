// BenchSmokeTests.swift — `hikyaku-bench` runs every scenario end to end on a tiny load and reports its fields.
import Foundation
import XCTest

/// Never asserts a time or a rate: figures come from running the command, not from tests.
final class BenchSmokeTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        for tool in ["/usr/sbin/smtp-sink", "/usr/sbin/smtp-source"] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw XCTSkip("\(tool) not installed: run scripts/test (installs Debian's postfix package)")
        }
        space = try Workspace()
        // The bench takes templates and the sender from the config; spool, state and transport are its own.
        try space.writeConfig(transport: "file:./outbox")
    }

    override func tearDown() {
        space.remove()
    }

    func testATinyRunCompletesEveryScenarioAndReportsTheFields() throws {
        let scratch = space.root.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let run = try space.run(
            ["--jobs", "50", "--connections", "2", "--json"], timeout: 600,
            environment: ["TMPDIR": scratch.path], program: "hikyaku-bench")
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stdout)
        XCTAssertEqual(report["jobs"] as? Int, 50)
        XCTAssertEqual(report["connections"] as? Int, 2)
        XCTAssertEqual((report["kinds"] as? [String])?.count, 5)
        let drain = try XCTUnwrap(report["hikyaku"] as? [String: Any])
        XCTAssertEqual(drain["jobs"] as? Int, 50)
        for key in ["messages_per_second", "seconds", "peak_rss_mb", "cpu_seconds_per_1000", "files_created_per_job", "fsyncs_per_job"] {
            XCTAssertGreaterThan(drain[key] as? Double ?? 0, 0, key)
        }
        // The durable peer runs where Postfix can (root, Debian's postfix), on the same scratch file system.
        if let peer = report["postfix_peer"] as? [String: Any] {
            XCTAssertEqual(peer["messages"] as? Int, 50)
            XCTAssertGreaterThan(peer["cpu_seconds_per_1000"] as? Double ?? 0, 0)
            XCTAssertNotNil((report["ratios"] as? [String: Any])?["vs_postfix"] as? Double)
        } else {
            XCTAssertTrue(report["postfix_peer"] is NSNull)
        }
        for key in ["latency_ms", "smtp_ms"] {
            let figures = try XCTUnwrap(drain[key] as? [String: Any], key)
            XCTAssertNotNil(figures["p50"] as? Double, key)
            XCTAssertNotNil(figures["p99"] as? Double, key)
        }
        XCTAssertGreaterThan(report["message_bytes"] as? Int ?? 0, 1000, "a JA/EN multipart mail")
        XCTAssertGreaterThan((report["smtp_source"] as? [String: Any])?["messages_per_second"] as? Double ?? 0, 0)
        XCTAssertEqual((report["smtp_source"] as? [String: Any])?["connections"] as? Int, 2)
        XCTAssertGreaterThan((report["smtplib"] as? [String: Any])?["messages_per_second"] as? Double ?? 0, 0)
        XCTAssertGreaterThan((report["libcurl_alone"] as? [String: Any])?["messages_per_second"] as? Double ?? 0, 0)
        XCTAssertEqual((report["libcurl_alone"] as? [String: Any])?["connections"] as? Int, 2)
        let ratios = try XCTUnwrap(report["ratios"] as? [String: Any])
        XCTAssertNotNil(ratios["vs_smtp_source"] as? Double)
        XCTAssertNotNil(ratios["vs_smtplib"] as? Double)
        XCTAssertNotNil(ratios["vs_libcurl_alone"] as? Double)
        XCTAssertTrue(ratios["scaling_vs_one_connection"] is NSNull, "no slow relay, no scaling pass")
        XCTAssertEqual((report["idle_otp_latency_ms"] as? [String: Any])?["drops"] as? Int, 200)
        XCTAssertNotNil((report["idle_otp_latency_ms"] as? [String: Any])?["p99"] as? Double)
        XCTAssertEqual((report["token_consume_ms"] as? [String: Any])?["runs"] as? Int, 50)
        XCTAssertNotNil((report["token_consume_ms"] as? [String: Any])?["p50"] as? Double)
        // The scratch spool, state and worker log are gone afterwards, and nothing leaked to the workspace.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: space.spool.path))
    }

    func testTheTextReportAndASlowRelayWithItsScalingPass() throws {
        let run = try space.run(
            [
                "--jobs", "12", "--connections", "3", "--relay-delay-ms", "20", "--drops", "3",
                "--consume-runs", "2", "--kinds", "otp_code,login_notice",
            ], timeout: 600, program: "hikyaku-bench")
        XCTAssertEqual(run.status, 0, run.stderr)
        for needle in [
            "hikyaku run (3 conn)", "hikyaku run (1 conn)", "smtp-source (3 sessions)", "python smtplib (1 conn)",
            "libcurl alone (3 threads)", "hikyaku ÷ libcurl alone:", "3 connections ÷ 1:", "hikyaku ÷ smtp-source:",
            "idle worker, one OTP job", "token consume as a process",
            "relay delay 20 ms", "otp_code, login_notice",
        ] {
            XCTAssertTrue(run.stdout.contains(needle), "missing \(needle) in:\n\(run.stdout)")
        }
    }

    func testBadOptionsAreUsageErrors() throws {
        for arguments in [
            ["--kinds", "postcard"], ["--jobs", "0"], ["--connections", "65"], ["--relay-delay-ms", "-1"], ["--frobnicate"],
            ["--peer", "exim"],
        ] {
            let run = try space.run(arguments, program: "hikyaku-bench")
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
        }
    }
}
