// TokenStagingTests.swift — a batch's renames go in dependency rounds: each issue's steps in order, unrelated issues together.
import Foundation
import XCTest
@testable import HikyakuTokens

final class TokenStagingTests: XCTestCase {
    func testUnrelatedIssuesShareRoundsAndEachIssueKeepsItsOrder() {
        // Two logins, each: record, then pointer.
        let rounds = TokenStaging.rounds([("r/a", 1), ("c/a", 1), ("r/b", 2), ("c/b", 2)])
        XCTAssertEqual(rounds, [["r/a", "r/b"], ["c/a", "c/b"]])
    }

    func testASupersedingIssueInTheSameBatchOrdersTheOldRecordBeforeTheNew() {
        // Issue 1: record A, pointer L. Issue 2 (same login): supersede A, record B, pointer L.
        let rounds = TokenStaging.rounds([("r/A", 1), ("c/L", 1), ("r/A", 2), ("r/B", 2), ("c/L", 2)])
        XCTAssertEqual(rounds, [["r/A"], ["r/B"], ["c/L"]])
    }

    func testAPreviousRecordSupersededFirstThenTheNewRecordThenThePointer() {
        let rounds = TokenStaging.rounds([("r/old", 1), ("r/new", 1), ("c/L", 1), ("r/x", 2), ("c/X", 2)])
        XCTAssertEqual(rounds, [["r/old", "r/x"], ["r/new", "c/X"], ["c/L"]])
    }

    func testContradictingOrdersFallBackToOneRoundPerFile() {
        let rounds = TokenStaging.rounds([("p", 1), ("q", 1), ("q", 2), ("p", 2)])
        XCTAssertEqual(rounds, [["p"], ["q"]])
    }

    func testACommitLandsEveryFileWithItsLastContentsAndNoTemporary() throws {
        let directory = try TokenTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["r", "c"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let staging = TokenStaging()
        let base = directory.path
        _ = staging.beginOperation()
        staging.stage(Array("one\n".utf8), at: base + "/r/a")
        staging.stage(Array("a\n".utf8), at: base + "/c/a")
        _ = staging.beginOperation()
        staging.stage(Array("two\n".utf8), at: base + "/r/a")
        staging.stage(Array("b\n".utf8), at: base + "/r/b")
        let failed = staging.beginOperation()
        staging.stage(Array("dropped\n".utf8), at: base + "/r/c")
        staging.rollBack(to: failed)
        XCTAssertEqual(staging.bytes(at: base + "/r/a"), Array("two\n".utf8), "reads see the latest staged write")
        XCTAssertFalse(FileManager.default.fileExists(atPath: base + "/r/a"), "nothing on disk before the commit")
        try staging.commit()
        XCTAssertEqual(try String(contentsOfFile: base + "/r/a", encoding: .utf8), "two\n")
        XCTAssertEqual(try String(contentsOfFile: base + "/r/b", encoding: .utf8), "b\n")
        XCTAssertEqual(try String(contentsOfFile: base + "/c/a", encoding: .utf8), "a\n")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: base + "/r").sorted(), ["a", "b"], "rolled back, no temporaries")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: base + "/c"), ["a"])
    }
}
