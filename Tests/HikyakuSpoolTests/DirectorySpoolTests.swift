// DirectorySpoolTests.swift — hand-off, claim-once, hostile entries, deferral by mtime, recovery.
import Foundation
import XCTest
@testable import HikyakuSpool
@testable import HikyakuBase

final class DirectorySpoolTests: XCTestCase {
    var root: String!
    var spool: DirectorySpool!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString.prefix(8))").path
        spool = DirectorySpool(root: root)
        try spool.prepare()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func testPrepareCreatesEveryStateDirectory0700() throws {
        for state in SpoolState.allCases {
            let attributes = try FileManager.default.attributesOfItem(atPath: spool.path(state))
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o700, state.rawValue)
        }
    }

    func testRefusesAWorldWritableSpool() throws {
        chmod(spool.path(.new), 0o777)
        XCTAssertThrowsError(try spool.prepare()) { XCTAssertTrue("\($0)".contains("writable"), "\($0)") }
    }

    func testEnqueueHandsOffThroughTmpAndRefusesAnotherJobUnderTheSameID() throws {
        XCTAssertNil(try spool.enqueue(id: "job1", data: Data(#"{"a":1}"#.utf8)))
        XCTAssertEqual(try spool.entries(in: .new), ["job1.json"])
        XCTAssertEqual(try spool.entries(in: .tmp), [])
        XCTAssertEqual(try spool.enqueue(id: "job1", data: Data(#"{ "a": 1 }"#.utf8)), .new, "the same job again: a retry")
        XCTAssertThrowsError(try spool.enqueue(id: "job1", data: Data(#"{"a":2}"#.utf8))) {
            XCTAssertEqual($0 as? SpoolError, .exists(id: "job1", state: .new))
        }
        XCTAssertThrowsError(try spool.enqueue(id: "../evil", data: Data("{}".utf8)))
    }

    func testAJobIsClaimedOnce() throws {
        try spool.enqueue(id: "job1", data: Data("{}".utf8))
        XCTAssertTrue(try spool.claim(id: "job1"))
        XCTAssertFalse(try spool.claim(id: "job1"))
        XCTAssertEqual(try spool.entries(in: .active), ["job1.json"])
    }

    func testHostileEntriesAreRefusedWithoutFollowingOrBlocking() throws {
        let target = root + "/outside.json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: target))
        symlink(target, spool.path(.active, "link.json"))
        XCTAssertThrowsError(try spool.read(id: "link", in: .active)) { XCTAssertTrue("\($0)".contains("symbolic link"), "\($0)") }
        mkfifo(spool.path(.active, "fifo.json"), 0o600)
        XCTAssertThrowsError(try spool.read(id: "fifo", in: .active)) { XCTAssertTrue("\($0)".contains("not a regular file"), "\($0)") }
        link(target, spool.path(.active, "hard.json"))
        XCTAssertThrowsError(try spool.read(id: "hard", in: .active)) { XCTAssertTrue("\($0)".contains("hard links"), "\($0)") }
        mkdir(spool.path(.active, "dir.json"), 0o700)
        XCTAssertThrowsError(try spool.read(id: "dir", in: .active))
        try Data(count: JSONDocument.maxRecordBytes + 1).write(to: URL(fileURLWithPath: spool.path(.active, "big.json")))
        XCTAssertThrowsError(try spool.read(id: "big", in: .active)) { XCTAssertTrue("\($0)".contains("limit"), "\($0)") }
    }

    func testQuarantineKeepsTheEntryAndWritesAReason() throws {
        try Data("x".utf8).write(to: URL(fileURLWithPath: spool.path(.new, "bad name!.json")))
        try spool.quarantine(name: "bad name!.json", from: .new, reason: "odd name")
        XCTAssertEqual(try spool.entries(in: .new), [])
        let corrupt = try spool.entries(in: .corrupt).sorted()
        XCTAssertEqual(corrupt.count, 2)
        let reasonFile = try XCTUnwrap(corrupt.first { $0.hasSuffix(".reason") })
        let reason = try String(contentsOfFile: spool.path(.corrupt, reasonFile), encoding: .utf8)
        XCTAssertTrue(reason.contains("odd name") && reason.contains("bad name!.json"), reason)
    }

    func testDeferredJobsBecomeDueByTheirMtime() throws {
        let now = Date()
        try spool.enqueue(id: "later", data: Data("{}".utf8))
        try spool.enqueue(id: "soon", data: Data("{}".utf8))
        _ = try spool.claim(id: "later")
        _ = try spool.claim(id: "soon")
        try spool.move(id: "later", from: .active, to: .deferred, data: Data("{}".utf8), modified: now.addingTimeInterval(600))
        try spool.move(id: "soon", from: .active, to: .deferred, data: Data("{}".utf8), modified: now.addingTimeInterval(-1))
        XCTAssertEqual(try spool.dueDeferred(now: now), ["soon"])
        try spool.requeue(id: "soon", from: .deferred)
        XCTAssertEqual(try spool.entries(in: .new), ["soon.json"])
    }

    func testRecoveryPutsOrphansBackAndDropsStaleCopies() throws {
        try spool.enqueue(id: "orphan", data: Data("{}".utf8))
        try spool.enqueue(id: "done", data: Data("{}".utf8))
        _ = try spool.claim(id: "orphan")
        _ = try spool.claim(id: "done")
        // A crash between writing sent/done.json and unlinking active/done.json leaves both.
        try spool.rewrite(id: "done", in: .sent, data: Data("{}".utf8), modified: nil)
        // While this process holds the claims, they are live: nothing is recovered.
        XCTAssertEqual(try spool.recoverActive(), [])
        XCTAssertEqual(try spool.entries(in: .active).sorted(), ["done.json", "orphan.json"])
        // The worker dies: its locks go with it.
        spool.release(id: "orphan")
        spool.release(id: "done")
        XCTAssertEqual(try spool.recoverActive(), ["orphan"])
        XCTAssertEqual(try spool.entries(in: .active), [])
        XCTAssertEqual(try spool.entries(in: .new), ["orphan.json"])
        XCTAssertEqual(try spool.entries(in: .sent), ["done.json"])
    }

    func testAStaleActiveCopyOfAJobFlushedBackIntoNewDoesNotStallIt() throws {
        let job = Data(#"{"record_version":1,"id":"x","job":{"kind":"otp_code"},"attempts":[]}"#.utf8)
        try spool.enqueue(id: "x", data: job)
        _ = try spool.claim(id: "x")
        // A crash after the deferred record was written, then `flush` before any recovery ran.
        try spool.rewrite(id: "x", in: .new, data: job, modified: nil)
        spool.release(id: "x")
        XCTAssertEqual(try spool.recoverActive(), [])
        XCTAssertEqual(try spool.entries(in: .active), [], "the stale copy goes, so the job in new/ can be claimed")
        XCTAssertTrue(try spool.claim(id: "x"))
    }
}
