// OperationsTests.swift — the operator's commands in process: replay, release, flush, purge, status, list.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens
@testable import HikyakuMail
@testable import HikyakuSpool
@testable import HikyakuService

final class OperationsTests: XCTestCase {
    var root: URL!
    var spool: DirectorySpool!
    var tokens: TokenStore!
    var clock: FixedClock!
    var operations: Operations!

    let reset: [String: JSONValue] = [
        "version": 1, "kind": "password_reset", "locale": "ja", "to": "omori@example.co.jp",
        "login_id": "sanka1", "data": ["purpose": "reset"],
    ]

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ops-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        spool = DirectorySpool(root: root.appendingPathComponent("spool").path)
        try spool.prepare()
        clock = FixedClock(Date(timeIntervalSince1970: 1_795_262_700))
        tokens = TokenStore(
            directory: root.appendingPathComponent("state"), secret: try ServerSecret(bytes: Array(0x20..<0x40)), clock: clock)
        operations = Operations(spool: spool, tokens: tokens, clock: clock)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    /// A record in `state` whose link was issued from a fresh seed; returns the seed.
    @discardableResult
    private func place(_ id: String, in state: SpoolState, job: [String: JSONValue]? = nil, attempts: [Attempt] = [], modified: Date? = nil)
        throws -> [UInt8]
    {
        let seed = ServerSecret.randomSeed()
        var record = JobRecord(id: id, job: job ?? reset, receivedAt: clock.now())
        record.seed = Base64URL.encode(seed)
        record.seedMAC = tokens.sealSeed(seed, binding: binding(id))
        record.issuedAt = clock.now()
        record.expiresAt = clock.now().addingTimeInterval(3600)
        record.messageDate = clock.now()
        record.attempts = attempts
        if state == .failed { record.failureReason = "550 5.1.1 no such user" }
        if (job ?? reset)["kind"]?.stringValue == "password_reset" {
            _ = try tokens.issueLink(
                purpose: .passwordReset, loginID: "sanka1", emails: ["omori@example.co.jp"], seed: bound(id, seed), lifetime: 3600,
                jobID: id)
        }
        try spool.rewrite(id: id, in: state, data: record.encoded(), modified: modified)
        if state == .failed { try spool.writeReason(id: id, in: state, reason: "550 5.1.1 no such user") }
        return seed
    }

    /// What a reset job's seed is bound to under `id`.
    private func binding(_ id: String) -> SeedBinding {
        SeedBinding(jobID: id, purpose: "password_reset", loginID: "sanka1", addresses: ["omori@example.co.jp"])
    }

    /// The seed the link of job `id` is issued with: `seed` bound to the job.
    private func bound(_ id: String, _ seed: [UInt8]) -> [UInt8] {
        tokens.secret.boundSeed(seed, to: binding(id))
    }

    private func stored(_ id: String, in state: SpoolState) throws -> JobRecord {
        JobRecord.decode(id: id, object: try JobParser.jsonObject(try spool.read(id: id, in: state)), now: clock.now())
    }

    func testReplayRenewsTheRecordRevokesTheLinkAndDropsTheReason() throws {
        let failure = Attempt(
            at: clock.now(), outcome: .failed, code: 550, reply: "550 5.1.1 no such user", phase: "rcpt",
            durationMilliseconds: 3, possibleDuplicate: false)
        let seed = try place("r1", in: .failed, attempts: [failure])
        clock.advance(by: 60)
        XCTAssertEqual(operations.replay(id: "r1", force: false), .done(from: .failed))
        XCTAssertEqual(try spool.entries(in: .failed), [])
        let record = try stored("r1", in: .new)
        XCTAssertNil(record.seed)
        XCTAssertNil(record.issuedAt)
        XCTAssertNil(record.expiresAt)
        XCTAssertNil(record.messageDate)
        XCTAssertNil(record.failureReason)
        XCTAssertEqual(record.replays, 1)
        XCTAssertEqual(record.requeuedAt, clock.now())
        XCTAssertEqual(record.attempts, [failure])
        XCTAssertEqual(try tokens.linkState(seed: bound("r1", seed), purpose: .passwordReset)?.status, .revoked)
    }

    func testReplayRefusesWhatItMustNotTouch() throws {
        try place("sent1", in: .sent)
        XCTAssertEqual(operations.replay(id: "sent1", force: false), .needsForce)
        XCTAssertEqual(try spool.entries(in: .sent), ["sent1.json"])
        try place("bad1", in: .failed, job: ["version": 1, "kind": "fax"])
        guard case .refused(.failed, let note) = operations.replay(id: "bad1", force: false) else { return XCTFail() }
        XCTAssertTrue(note.contains("invalid job") && note.contains("kind"), note)
        XCTAssertEqual(try spool.entries(in: .failed).sorted(), ["bad1.json", "bad1.reason"])
        try place("d1", in: .deferred)
        guard case .refused(.deferred, _) = operations.replay(id: "d1", force: false) else { return XCTFail() }
        try place("a1", in: .active)
        XCTAssertEqual(operations.replay(id: "a1", force: false), .busy)
        XCTAssertEqual(operations.replay(id: "ghost", force: false), .missing)
    }

    func testMovesNeverReplaceAJobAlreadyInTheDestination() throws {
        try place("dup", in: .hold)
        try spool.enqueue(id: "other", data: Data("{}".utf8))
        try Data("{\"producer\":true}".utf8).write(to: URL(fileURLWithPath: spool.path(.new, "dup.json")))
        XCTAssertThrowsError(try spool.relocate(id: "dup", from: .hold, to: .new)) {
            XCTAssertEqual($0 as? SpoolError, .exists(id: "dup", state: .new))
        }
        XCTAssertEqual(try String(contentsOfFile: spool.path(.new, "dup.json"), encoding: .utf8), "{\"producer\":true}")
        XCTAssertEqual(try spool.entries(in: .hold), ["dup.json"])
        XCTAssertThrowsError(try spool.relocate(id: "ghost", from: .hold, to: .new)) {
            XCTAssertEqual($0 as? SpoolError, .notFound(id: "ghost"))
        }
    }

    func testReleaseKeepsALiveSecretAndRenewsAnExpiredOne() throws {
        let live = try place("live", in: .hold)
        let stale = try place("stale", in: .hold, job: reset)
        // Make "stale" expire while held, "live" not.
        var record = try stored("stale", in: .hold)
        record.expiresAt = clock.now().addingTimeInterval(30)
        try spool.rewrite(id: "stale", in: .hold, data: record.encoded(), modified: nil)
        clock.advance(by: 60)
        let results = operations.release(ids: ["live", "stale", "ghost"])
        XCTAssertEqual(results.map(\.action), [.done(from: .hold), .done(from: .hold), .missing])
        XCTAssertEqual(try stored("live", in: .new).seed, Base64URL.encode(live))
        XCTAssertEqual(try stored("live", in: .new).replays, 0)
        XCTAssertNil(try stored("stale", in: .new).seed)
        XCTAssertEqual(try stored("stale", in: .new).replays, 1)
        XCTAssertEqual(
            try tokens.linkState(seed: bound("stale", stale), purpose: .passwordReset)?.status, .revoked, "the expired link is withdrawn")
        XCTAssertEqual(
            try tokens.linkState(seed: bound("live", live), purpose: .passwordReset)?.status, .superseded,
            "untouched: superseded by stale's issue")
    }

    func testFlushMovesEveryDeferredJobAndHoldRefusesActiveOnes() throws {
        try place("d1", in: .deferred, modified: clock.now().addingTimeInterval(3600))
        try place("d2", in: .deferred, modified: clock.now().addingTimeInterval(3600))
        XCTAssertEqual(try operations.flush(ids: []).map(\.action), [.done(from: .deferred), .done(from: .deferred)])
        XCTAssertEqual(try spool.entries(in: .new).sorted(), ["d1.json", "d2.json"])
        XCTAssertEqual(operations.hold(ids: ["d1"]).map(\.action), [.done(from: .new)])
        try place("a1", in: .active)
        XCTAssertEqual(operations.hold(ids: ["a1"]).map(\.action), [.busy])
    }

    func testPurgeRemovesOldRecordsTheirReasonsAndOrphanReasonsButNoDirectory() throws {
        let old = clock.now().addingTimeInterval(-8 * 86_400)
        try place("old", in: .failed, modified: old)
        try place("young", in: .failed)
        try spool.writeReason(id: "orphan", in: .failed, reason: "left by a crash")
        mkdir(spool.path(.failed, "dir.json"), 0o700)
        for name in ["old.reason", "orphan.reason", "dir.json"] {
            var times = [
                timespec(tv_sec: Int(old.timeIntervalSince1970), tv_nsec: 0), timespec(tv_sec: Int(old.timeIntervalSince1970), tv_nsec: 0),
            ]
            XCTAssertEqual(utimensat(AT_FDCWD, spool.path(.failed, name), &times, 0), 0)
        }
        let report = try operations.purge(state: .failed, olderThan: 7 * 86_400)
        XCTAssertEqual(report.removed, ["old"])
        XCTAssertEqual(report.orphanReasons, 1)
        XCTAssertEqual(report.skipped.map(\.name), ["dir.json"])
        XCTAssertEqual(try spool.entries(in: .failed).sorted(), ["dir.json", "young.json", "young.reason"])
    }

    func testStatusCountsAgesAndFindsTheLastError() throws {
        let early = Attempt(
            at: clock.now().addingTimeInterval(-600), outcome: .deferred, code: 450, reply: "450 early", phase: "rcpt",
            durationMilliseconds: 1, possibleDuplicate: false)
        let late = Attempt(
            at: clock.now().addingTimeInterval(-60), outcome: .deferred, code: 421, reply: "421 late", phase: "connect",
            durationMilliseconds: 1, possibleDuplicate: false)
        try place("d1", in: .deferred, attempts: [early], modified: clock.now().addingTimeInterval(900))
        try place("d2", in: .deferred, attempts: [late], modified: clock.now().addingTimeInterval(30))
        try place("f1", in: .failed, modified: clock.now().addingTimeInterval(-7200))
        try spool.enqueue(id: "bare", data: Data("{\"kind\":\"otp_code\"}".utf8))
        let report = try operations.status()
        let deferred = try XCTUnwrap(report.states.first { $0.state == .deferred })
        XCTAssertEqual(deferred.count, 2)
        XCTAssertEqual(deferred.oldestAge, 0, "received now; the mtime (next attempt) is not the age")
        XCTAssertEqual(report.states.first { $0.state == .failed }?.oldestAge, 7200)
        XCTAssertEqual(report.states.first { $0.state == .new }?.count, 1)
        XCTAssertEqual(report.failedLastHour, 0)
        XCTAssertEqual(report.lastError?.id, "d2")
        XCTAssertEqual(report.lastError?.reply, "421 late")
    }

    func testListFiltersByStateKindAndLastActivity() throws {
        let attempt = Attempt(
            at: clock.now().addingTimeInterval(-7200), outcome: .deferred, code: 450, reply: "450 busy", phase: "rcpt",
            durationMilliseconds: 1, possibleDuplicate: false)
        try place("old", in: .deferred, attempts: [attempt])
        try place(
            "otp", in: .deferred,
            job: ["version": 1, "kind": "otp_code", "locale": "en", "to": "e@example.com", "login_id": "x", "data": [:]])
        try place("done", in: .sent)
        XCTAssertEqual(try operations.list(.init()).map(\.id), ["old", "otp"])
        XCTAssertEqual(try operations.list(.init(kind: "otp_code")).map(\.id), ["otp"])
        XCTAssertEqual(try operations.list(.init(since: clock.now().addingTimeInterval(-3600))).map(\.id), ["otp"])
        XCTAssertEqual(try operations.list(.init(states: [.sent])).map(\.id), ["done"])
    }

    func testAJobThatMovesOnDuringABulkReplayIsReportedAndTheOthersGoOn() throws {
        try place("r1", in: .failed)
        try place("r2", in: .failed)
        let targets = try operations.select(.init(state: .failed))
        XCTAssertEqual(Set(targets), ["r1", "r2"])
        // Another operator purges r1 between the listing and the replay.
        XCTAssertTrue(try spool.delete(name: "r1.json", in: .failed))
        var seen: [Int] = []
        let results = operations.replay(ids: ["r1", "r2"], force: false) { done, total in
            XCTAssertEqual(total, 2)
            seen.append(done)
        }
        XCTAssertEqual(results.map(\.action), [.missing, .done(from: .failed)])
        XCTAssertEqual(seen, [1, 2])
        XCTAssertEqual(try spool.entries(in: .new), ["r2.json"])
        XCTAssertEqual(OperatorFormat.summary(verb: "replayed", results), "replayed 1 of 2: 1 missing")
    }

    func testTwoOperatorsReplayingOneJobLeaveExactlyOneCopy() throws {
        for round in 0..<20 {
            let id = "race\(round)"
            try place(id, in: .failed)
            let group = DispatchGroup()
            let box = ResultBox()
            for _ in 0..<2 {
                group.enter()
                Thread.detachNewThread { [operations] in
                    box.add(operations!.replay(ids: [id], force: false)[0].action)
                    group.leave()
                }
            }
            XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
            XCTAssertEqual(box.actions.filter { $0 == .done(from: .failed) }.count, 1, "\(box.actions)")
            let copies = SpoolState.allCases.filter { FileManager.default.fileExists(atPath: spool.path($0, "\(id).json")) }
            XCTAssertEqual(copies, [.new], id)
        }
    }
}

/// Collects actions from several threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [JobAction] = []
    func add(_ action: JobAction) { lock.lock(); storage.append(action); lock.unlock() }
    var actions: [JobAction] { lock.lock(); defer { lock.unlock() }; return storage }
}
