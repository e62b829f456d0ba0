// BenchPartsTests.swift — the bench's parts: percentiles, generated jobs, end-of-data marks, baseline message size.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuMail
@testable import HikyakuTestSupport
@testable import HikyakuBench

final class BenchPartsTests: XCTestCase {
    func testPercentilesAreNearestRank() {
        let hundred = Percentiles(milliseconds: (1...100).map(Double.init).shuffled())
        XCTAssertEqual(hundred, Percentiles(milliseconds: (1...100).map(Double.init)))
        XCTAssertEqual(hundred.count, 100)
        XCTAssertEqual(hundred.p50, 50)
        XCTAssertEqual(hundred.p99, 99)
        XCTAssertEqual(hundred.max, 100)
        XCTAssertEqual(Percentiles(milliseconds: [7]).p99, 7)
        XCTAssertEqual(Percentiles(milliseconds: []).p50, 0)
        XCTAssertEqual(Percentiles(milliseconds: [1, 2, 3]).p50, 2)
    }

    func testGeneratedJobsAreValidAndCoverEveryKindAndLocale() throws {
        let jobs = BenchJobs(kinds: MailCatalogue.standard.kinds, prefix: "bench")
        var pairs: Set<String> = []
        var logins: Set<String> = []
        for index in 0..<30 {
            let job = try JobParser.parse(object: jobs.job(index))
            pairs.insert("\(job.kind.name)/\(job.locale.rawValue)")
            logins.insert(job.loginID)
            XCTAssertEqual(jobs.index(of: jobs.id(index)), index)
            XCTAssertTrue(JobID.isValid(jobs.id(index)))
        }
        XCTAssertEqual(pairs.count, 15, "every kind in every locale")
        XCTAssertEqual(logins.count, 30, "no job supersedes another's secret")
        XCTAssertNil(jobs.index(of: "other-3"))
        XCTAssertNil(jobs.index(of: "bench-x"))
        XCTAssertEqual(try JobParser.parse(object: jobs.job(4, kind: .otpCode)).kind, .otpCode)
        XCTAssertEqual(BenchJobs(kinds: [.loginNotice]).job(3)["kind"]?.stringValue, "login_notice")
    }

    func testEndOfDataIsFoundAcrossChunkBoundariesAndNotInDotStuffedLines() {
        func count(_ chunks: [String]) -> Int {
            var tail: [UInt8] = []
            return chunks.reduce(0) { total, chunk in
                total + Array(chunk.utf8).withUnsafeBytes { RelayLink.countMarkers(tail: &tail, chunk: $0) }
            }
        }
        let session = "EHLO x\r\nMAIL FROM:<a@b>\r\nDATA\r\nSubject: s\r\n\r\nline\r\n..dot-stuffed\r\n.\r\nQUIT\r\n"
        let bytes = Array(session)
        for split in 1..<bytes.count {
            XCTAssertEqual(count([String(bytes[..<split]), String(bytes[split...])]), 1, "split at \(split)")
        }
        XCTAssertEqual(count(bytes.map { String($0) }), 1, "one byte at a time")
        XCTAssertEqual(count(["a\r\n.\r\n", "b\r\n.\r\n"]), 2)
        XCTAssertEqual(count(["body\r\n..\r\n", "more\r\n"]), 0, "a stuffed dot line is not the end")
        XCTAssertEqual(count(["DATA\r\n", ".\r\n"]), 1, "an empty body ends at once")
    }

    func testTheBaselineMessageHasTheWorkersSizeOnTheWire() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("message-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for size in [300, 3100, 6088, 20_000] {
            let message = try MessageFile(bytes: size, directory: directory)
            let crlf = try XCTUnwrap(FileManager.default.contents(atPath: message.crlfPath))
            let lf = try XCTUnwrap(FileManager.default.contents(atPath: message.lineFeedPath))
            XCTAssertTrue((size...(size + 2)).contains(crlf.count), "\(size): \(crlf.count)")
            let lines = lf.filter { $0 == 0x0A }.count
            XCTAssertEqual(lf.count + lines, crlf.count, "smtp-source adds a CR to each of the \(lines) lines")
            XCTAssertFalse(lf.contains(0x0D))
            XCTAssertTrue(String(decoding: crlf, as: UTF8.self).split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        }
    }

    func testTheReportNamesEveryScenarioAndComputesRatiosFromOneRun() throws {
        var report = BenchReport(options: BenchOptions(), scratch: nil)
        let figures = DrainFigures(
            jobs: 10, connections: 4, seconds: 1, messagesPerSecond: 600, latency: Percentiles(milliseconds: [1, 2]),
            smtp: Percentiles(milliseconds: [0.5]), averageBytes: 6000, peakRSSBytes: 40 << 20)
        report.drain = figures
        report.smtpSource = BaselineFigures(messages: 10, connections: 4, messagesPerSecond: 12_000)
        report.smtplib = BaselineFigures(messages: 10, connections: 1, messagesPerSecond: 4000)
        report.singleConnection = DrainFigures(
            jobs: 5, connections: 1, seconds: 1, messagesPerSecond: 40, latency: figures.latency,
            smtp: figures.smtp, averageBytes: 6000, peakRSSBytes: 1)
        XCTAssertEqual(report.versusSMTPSource, 0.05)
        XCTAssertEqual(report.versusSMTPLib, 0.15)
        XCTAssertEqual(report.scaling, 15)
        XCTAssertNil(report.versusLibcurl, "no libcurl baseline in this run")
        report.libcurl = BaselineFigures(messages: 10, connections: 4, messagesPerSecond: 6000)
        XCTAssertEqual(report.versusLibcurl, 0.1)
        XCTAssertEqual(report.libcurlVersusSMTPSource, 0.5)
        XCTAssertEqual(report.libcurlVersusSMTPLib, 1.5)
        XCTAssertTrue(report.text().contains("libcurl alone (4 threads)     6000"), report.text())
        XCTAssertTrue(
            report.text().contains("hikyaku ÷ libcurl alone: 0.10   (libcurl alone is the ceiling: ÷ smtp-source 0.50, ÷ smtplib 1.50)"),
            report.text())
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        XCTAssertEqual((object["ratios"] as? [String: Any])?["scaling_vs_one_connection"] as? Double, 15)
        XCTAssertEqual((object["ratios"] as? [String: Any])?["libcurl_alone_vs_smtplib"] as? Double, 1.5)
        XCTAssertEqual((object["libcurl_alone"] as? [String: Any])?["messages_per_second"] as? Double, 6000)
        XCTAssertEqual((object["hikyaku"] as? [String: Any])?["peak_rss_mb"] as? Double, 40)
        XCTAssertTrue(object["idle_otp_latency_ms"] is NSNull)
        XCTAssertTrue(report.text().contains("hikyaku ÷ smtp-source:   0.05"), report.text())
    }

    func testTheReportShowsThePeerTheCPUAndTheFileCountsPerJob() throws {
        var report = BenchReport(options: BenchOptions(), scratch: nil)
        report.drain = DrainFigures(
            jobs: 1000, connections: 4, seconds: 0.5, messagesPerSecond: 2000, latency: Percentiles(milliseconds: [1]),
            smtp: Percentiles(milliseconds: [0.5]), averageBytes: 6800, peakRSSBytes: 40 << 20, cpuSeconds: 0.4,
            filesCreated: 2600, fileSyncs: 1500, directorySyncs: 500, fileSystemSyncs: 10)
        XCTAssertNil(report.versusPostfix, "no peer in this run")
        XCTAssertFalse(report.text().contains("hikyaku ÷ postfix"))
        report.postfix = PeerFigures(messages: 1000, connections: 4, seconds: 1, messagesPerSecond: 1000, cpuSeconds: 0.8, queueSeconds: 3)
        XCTAssertEqual(report.versusPostfix, 2)
        XCTAssertEqual(report.cpuVersusPostfix, 0.5)
        let text = report.text()
        for needle in [
            "postfix queue drain (4 conn)  1000      0.80", "hikyaku run (4 conn)          2000      0.40",
            "hikyaku ÷ postfix:       2.00", "CPU per message 0.50 × Postfix's",
            "files created per job 2.60 (target ≤ 1.5), fsyncs per job 2.00 (of directories 0.50), syncfs per job 0.01",
        ] {
            XCTAssertTrue(text.contains(needle), "missing \(needle) in:\n\(text)")
        }
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let hikyaku = try XCTUnwrap(object["hikyaku"] as? [String: Any])
        XCTAssertEqual(hikyaku["cpu_seconds_per_1000"] as? Double, 0.4)
        XCTAssertEqual(hikyaku["files_created_per_job"] as? Double, 2.6)
        XCTAssertEqual(hikyaku["fsyncs_per_job"] as? Double, 2)
        XCTAssertEqual(hikyaku["directory_fsyncs_per_job"] as? Double, 0.5)
        XCTAssertEqual(hikyaku["syncfs_per_job"] as? Double, 0.01)
        let peer = try XCTUnwrap(object["postfix_peer"] as? [String: Any])
        XCTAssertEqual(peer["messages_per_second"] as? Double, 1000)
        XCTAssertEqual(peer["cpu_seconds_per_1000"] as? Double, 0.8)
        XCTAssertEqual((object["ratios"] as? [String: Any])?["vs_postfix"] as? Double, 2)
        XCTAssertEqual((object["ratios"] as? [String: Any])?["cpu_vs_postfix"] as? Double, 0.5)
    }
}
