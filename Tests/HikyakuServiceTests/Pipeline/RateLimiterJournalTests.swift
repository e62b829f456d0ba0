// RateLimiterJournalTests.swift — the counts' one journal: no file per key, a crash's half line, compaction seen by other workers.
import Foundation
import XCTest

@testable import HikyakuBase
@testable import HikyakuMail
@testable import HikyakuService
import HikyakuTestSupport

final class RateLimiterJournalTests: XCTestCase {
    var directory: String!
    let start = Date(timeIntervalSince1970: 1_795_262_700)
    let resets = RateLimit(count: 3, windowSeconds: 900)

    override func setUpWithError() throws {
        directory = try Scratch.directory(prefix: "hk-journal").appendingPathComponent("limits").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent)
    }

    func limiter() -> RateLimiter { RateLimiter(directory: directory, limits: ["password_reset": resets]) }

    var journal: String { (try? String(contentsOfFile: directory + "/journal", encoding: .utf8)) ?? "" }

    func testManyLoginsAndAddressesCreateNoFileEachAndNameNoneOfThem() throws {
        let limiter = limiter()
        for index in 0..<50 {
            XCTAssertEqual(
                try limiter.admit(kind: "password_reset", login: "login\(index)", address: "user\(index)@example.jp", now: start), .admitted
            )
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["journal", "lock"])
        XCTAssertEqual(journal.split(separator: "\n").count, 100, "one line per key and admission")
        XCTAssertFalse(journal.contains("login") || journal.contains("example"), journal)
    }

    func testAHalfWrittenLineFromACrashCountsNothingAndSpoilsNoLaterLine() throws {
        XCTAssertEqual(try limiter().admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start), .admitted)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: directory + "/journal"))
        handle.seekToEndOfFile()
        handle.write(Data("0123456789abcdef 17952".utf8))
        try handle.close()
        let limiter = limiter()
        XCTAssertEqual(try limiter.admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start + 1), .admitted)
        XCTAssertEqual(try limiter.admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start + 2), .admitted)
        let fourth = try limiter.admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start + 3)
        XCTAssertEqual(fourth, .limited(byLogin: true, limit: resets, until: start + 900), "the three real admissions count, once each")
        XCTAssertEqual(try self.limiter().admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start + 4), fourth)
    }

    func testPruningCompactsTheJournalAndAnotherWorkerReadsTheNewOne() throws {
        let old = limiter(), other = limiter()
        for index in 0..<20 {
            _ = try old.admit(kind: "password_reset", login: "gone\(index)", address: "gone\(index)@example.jp", now: start)
        }
        XCTAssertEqual(try other.admit(kind: "password_reset", login: "kept", address: "kept@example.jp", now: start + 800), .admitted)
        XCTAssertEqual(journal.split(separator: "\n").count, 42)
        // Past the window of the first twenty: they go, the last one stays.
        XCTAssertEqual(old.prune(now: start + 1000), 40)
        XCTAssertEqual(journal.split(separator: "\n").count, 2)
        // The other limiter had read the old file: it notices the new one and still counts `kept`.
        for second in 1...2 {
            XCTAssertEqual(
                try other.admit(kind: "password_reset", login: "kept", address: "kept@example.jp", now: start + 1000 + Double(second)),
                .admitted)
        }
        guard case .limited = try other.admit(kind: "password_reset", login: "kept", address: "kept@example.jp", now: start + 1010) else {
            return XCTFail("the count before the compaction was lost")
        }
        XCTAssertEqual(old.prune(now: start + 1010), 0, "nothing more to drop")
    }

    func testCountFilesOfEarlierVersionsArePrunedOnceTheirWindowPassed() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let legacy = directory + "/" + String(repeating: "ab", count: 32)
        try Data("1795262700\n".utf8).write(to: URL(fileURLWithPath: legacy))
        try FileManager.default.setAttributes([.modificationDate: start], ofItemAtPath: legacy)
        XCTAssertEqual(limiter().prune(now: start + 100), 0)
        XCTAssertEqual(limiter().prune(now: start + 1000), 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: legacy))
    }

    func testAJournalTruncatedUnderAWorkerIsReadAfreshThroughTheSameDescriptor() throws {
        let limiter = limiter()
        for second in 0..<3 {
            _ = try limiter.admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start + Double(second))
        }
        XCTAssertNotEqual(try limiter.admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start + 3), .admitted)
        XCTAssertEqual(truncate(directory + "/journal", 0), 0)
        // The counts are forgotten (never invented), and the journal keeps working.
        for second in 4..<7 {
            XCTAssertEqual(
                try limiter.admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start + Double(second)), .admitted)
        }
        XCTAssertNotEqual(try limiter.admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start + 7), .admitted)
        XCTAssertEqual(journal.split(separator: "\n").count, 6)
    }
}
