// GroupCommitTests.swift — grouped final moves: durable before reported, old copy kept until then (and never a newer claim), errors keep the job.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuSpool

final class GroupCommitTests: XCTestCase {
    var root: String!
    var spool: DirectorySpool!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString.prefix(8))").path
        spool = DirectorySpool(root: root)
        try spool.prepare()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Claims `count` jobs into active/ (as the worker does before finishing them).
    func claimed(_ count: Int, prefix: String = "job") throws -> [String] {
        try (0..<count).map { index in
            let id = "\(prefix)\(index)"
            try spool.enqueue(id: id, data: Data("{\"n\":\(index)}".utf8))
            XCTAssertTrue(try spool.claim(id: id))
            return id
        }
    }

    func contents(_ state: SpoolState, _ name: String) -> String? {
        FileManager.default.contents(atPath: spool.path(state, name)).map { String(decoding: $0, as: UTF8.self) }
    }

    func testAMoveIsReportedOnlyOnceTheNewRecordIsInPlaceAndTheOldCopyGone() throws {
        let id = try claimed(1)[0]
        let reported = expectation(description: "completion")
        let seen = Observations()
        spool.moveGrouped(id: id, from: .active, to: .sent, data: Data("record\n".utf8), modified: nil, reason: nil) { [spool] error in
            seen.add(
                "error=\(String(describing: error)) sent=\(FileManager.default.fileExists(atPath: spool!.path(.sent, "\(id).json"))) "
                    + "active=\(FileManager.default.fileExists(atPath: spool!.path(.active, "\(id).json")))")
            reported.fulfill()
        }
        wait(for: [reported], timeout: 10)
        spool.waitForGroupedMoves()
        XCTAssertEqual(seen.all, ["error=nil sent=true active=false"])
        XCTAssertEqual(contents(.sent, "\(id).json"), "record\n")
        XCTAssertEqual(try spool.entries(in: .tmp), [], "no temporary file left behind")
    }

    func testManyConcurrentMovesAllLandOnceWithTheirReasonsAndTimes() throws {
        let ids = try claimed(300)
        let seen = Observations()
        let due = Date(timeIntervalSince1970: 2_000_000_000)
        let spool: DirectorySpool = self.spool
        DispatchQueue.concurrentPerform(iterations: 4) { lane in
            for id in ids.enumerated().filter({ $0.offset % 4 == lane }).map(\.element) {
                let failed = id.hasSuffix("7")
                spool.moveGrouped(
                    id: id, from: .active, to: failed ? .failed : .deferred, data: Data("\(id)\n".utf8),
                    modified: failed ? nil : due, reason: failed ? "550 no such user\nsecond line" : nil
                ) { error in
                    seen.add("\(id) \(error == nil)")
                }
            }
        }
        spool.waitForGroupedMoves()
        XCTAssertEqual(seen.all.sorted(), ids.map { "\($0) true" }.sorted(), "each completion once, without error")
        XCTAssertEqual(try spool.entries(in: .active), [])
        XCTAssertEqual(try spool.entries(in: .tmp), [])
        let failed = ids.filter { $0.hasSuffix("7") }
        XCTAssertEqual(try spool.entries(in: .failed).count, failed.count * 2)
        XCTAssertEqual(contents(.failed, "\(failed[0]).reason"), "550 no such user\\nsecond line\n")
        XCTAssertEqual(Set(try spool.dueDeferred(now: due)), Set(ids.filter { !$0.hasSuffix("7") }), "mtime is the next-attempt time")
        XCTAssertEqual(try spool.dueDeferred(now: due.addingTimeInterval(-1)), [])
        for id in ids { XCTAssertEqual(contents(failed.contains(id) ? .failed : .deferred, "\(id).json"), "\(id)\n") }
    }

    func testAMoveThatCannotCompleteLeavesTheJobWhereItWas() throws {
        let id = try claimed(1)[0]
        // The destination directory is gone: the rename fails, the job must stay in active/.
        try FileManager.default.removeItem(atPath: spool.path(.sent))
        let reported = expectation(description: "completion")
        let seen = Observations()
        spool.moveGrouped(id: id, from: .active, to: .sent, data: Data("record\n".utf8), modified: nil, reason: nil) { error in
            seen.add(error.map { "\($0)" } ?? "no error")
            reported.fulfill()
        }
        wait(for: [reported], timeout: 10)
        spool.waitForGroupedMoves()
        XCTAssertEqual(seen.all.count, 1)
        XCTAssertTrue(seen.all[0].contains("rename"), seen.all[0])
        XCTAssertEqual(contents(.active, "\(id).json"), "{\"n\":0}", "the old copy is untouched")
        XCTAssertEqual(try spool.entries(in: .tmp), [], "the unsent temporary file is removed")
    }

    func testTheCommitterThreadEndsWhenIdleAndComesBackForMoreWork() throws {
        let committer = GroupCommit(idleSeconds: 0.05)
        for round in 0..<3 {
            let id = "idle\(round)"
            try spool.enqueue(id: id, data: Data("{}".utf8))
            XCTAssertTrue(try spool.claim(id: id))
            let temporary = spool.path(.tmp, "\(id).test")
            let descriptor = try Files.write(Data("round \(round)\n".utf8), to: temporary, modified: nil)
            let done = expectation(description: "round \(round)")
            committer.enqueue(
                GroupCommit.Entry(
                    descriptor: descriptor, temporary: temporary, destination: spool.path(.sent, "\(id).json"),
                    directory: spool.path(.sent), companions: [], obsolete: [spool.path(.active, "\(id).json")],
                    completion: { error in
                        XCTAssertNil(error); done.fulfill()
                    }))
            wait(for: [done], timeout: 10)
            committer.drain()
            XCTAssertEqual(contents(.sent, "\(id).json"), "round \(round)\n")
            // Longer than the idle limit: the thread has ended before the next round.
            usleep(200_000)
        }
        XCTAssertEqual(try spool.entries(in: .active), [])
    }

    /// Queues the move of claimed job `id` into `sent/` with an event, on `committer`.
    private func enqueueSent(_ id: String, on committer: GroupCommit, completion: @escaping @Sendable (SpoolError?) -> Void) throws {
        let temporary = spool.path(.tmp, "\(id).test")
        let descriptor = try Files.write(Data("{\"id\":\"\(id)\"}\n".utf8), to: temporary, modified: nil)
        committer.enqueue(
            GroupCommit.Entry(
                descriptor: descriptor, temporary: temporary, destination: spool.path(.sent, "\(id).json"),
                directory: spool.path(.sent), companions: [],
                event: GroupCommit.Event(
                    bytes: Data("{\"job\":\"\(id)\"}\n".utf8), temporaryDirectory: spool.path(.tmp), directory: spool.eventsPath,
                    permissions: 0o600),
                obsolete: [spool.path(.active, "\(id).json")], completion: completion))
    }

    func testWhileMoreRecordsAreExpectedTheCommitterWaitsForThemAndCommitsOneGroup() throws {
        let ids = try claimed(GroupCommit.lingerEntries, prefix: "busy")
        let committer = GroupCommit(lingerSeconds: 30, expected: { GroupCommit.lingerEntries })
        let done = Observations()
        let all = expectation(description: "every record")
        all.expectedFulfillmentCount = ids.count
        for id in ids {
            try enqueueSent(id, on: committer) { error in
                XCTAssertNil(error)
                done.add(id)
                all.fulfill()
            }
            // Far longer than a commit takes: without the wait each record would be its own group.
            usleep(20_000)
            if id != ids.last { XCTAssertEqual(done.all, [], "nothing is committed before the group is whole") }
        }
        wait(for: [all], timeout: 10)
        XCTAssertEqual(try spool.eventNames().count, 1, "one group: one events file for all \(ids.count) records")
        XCTAssertEqual(try spool.entries(in: .sent).count, ids.count)
    }

    func testALoneRecordIsCommittedAtOnceWhenNoMoreAreExpected() throws {
        let ids = try claimed(3, prefix: "lone")
        let committer = GroupCommit(lingerSeconds: 30, expected: { 0 })
        for id in ids {
            let done = expectation(description: id)
            try enqueueSent(id, on: committer) { error in
                XCTAssertNil(error)
                done.fulfill()
            }
            wait(for: [done], timeout: 10)
        }
        XCTAssertEqual(try spool.eventNames().count, 3, "three groups of one")
    }

    /// Another worker's claim of the same job: the name `active/<id>.json` now points at a new file.
    func replaceClaimedFile(_ id: String, with text: String) throws {
        XCTAssertEqual(unlink(spool.path(.active, "\(id).json")), 0)
        try Data(text.utf8).write(to: URL(fileURLWithPath: spool.path(.active, "\(id).json")))
    }

    func testTheOldCopyGoesOnlyWhileItIsStillTheClaimedFileNeverANewerClaim() throws {
        // With a zero retry delay, a deferred job can be promoted and claimed again before the
        // move that deferred it removes its old copy: that removal must not hit the new claim.
        let ids = try claimed(2, prefix: "race")
        try replaceClaimedFile(ids[0], with: "claimed again\n")
        try spool.moveGroupedAndWait(id: ids[0], from: .active, to: .deferred, data: Data("deferred\n".utf8), modified: Date(), reason: nil)
        XCTAssertEqual(contents(.deferred, "\(ids[0]).json"), "deferred\n")
        XCTAssertEqual(contents(.active, "\(ids[0]).json"), "claimed again\n", "the newer claim is untouched")
        // The same for a single, ungrouped move.
        try replaceClaimedFile(ids[1], with: "claimed again\n")
        try spool.move(id: ids[1], from: .active, to: .deferred, data: Data("deferred\n".utf8), modified: Date())
        XCTAssertEqual(contents(.active, "\(ids[1]).json"), "claimed again\n", "the newer claim is untouched")
        // While the name still points at the claimed file, it goes as before.
        let own = try claimed(1, prefix: "own")[0]
        try spool.moveGroupedAndWait(id: own, from: .active, to: .sent, data: Data("sent\n".utf8), modified: nil, reason: nil)
        XCTAssertNil(contents(.active, "\(own).json"))
        XCTAssertEqual(contents(.sent, "\(own).json"), "sent\n")
    }

    func testWaitingForAMoveReturnsOnlyOnceDurableOrThrowsAndKeepsTheJob() throws {
        let ids = try claimed(2, prefix: "wait")
        try spool.moveGroupedAndWait(id: ids[0], from: .active, to: .failed, data: Data("failed\n".utf8), modified: nil, reason: "550 no")
        XCTAssertEqual(contents(.failed, "\(ids[0]).json"), "failed\n")
        XCTAssertEqual(contents(.failed, "\(ids[0]).reason"), "550 no\n")
        XCTAssertNil(contents(.active, "\(ids[0]).json"))
        try FileManager.default.removeItem(atPath: spool.path(.sent))
        XCTAssertThrowsError(
            try spool.moveGroupedAndWait(id: ids[1], from: .active, to: .sent, data: Data("x\n".utf8), modified: nil, reason: nil))
        XCTAssertEqual(contents(.active, "\(ids[1]).json"), "{\"n\":1}", "the job stays where it was")
        XCTAssertEqual(try spool.entries(in: .tmp), [])
    }

    func testAFailedJobReplayedFromFailedLosesItsOldReason() throws {
        let id = "replayed"
        try spool.enqueue(id: id, data: Data("{}".utf8))
        XCTAssertTrue(try spool.claim(id: id))
        try spool.move(id: id, from: .active, to: .failed, data: Data("{}".utf8), modified: nil)
        try spool.writeReason(id: id, in: .failed, reason: "old")
        spool.moveGrouped(id: id, from: .failed, to: .sent, data: Data("done\n".utf8), modified: nil, reason: nil) { _ in }
        spool.waitForGroupedMoves()
        XCTAssertEqual(try spool.entries(in: .failed), [])
        XCTAssertEqual(contents(.sent, "\(id).json"), "done\n")
    }
}

/// Lines noted from completion handlers, which run on the committer thread.
final class Observations: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
