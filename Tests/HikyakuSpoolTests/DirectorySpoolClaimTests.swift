// DirectorySpoolClaimTests.swift — claims never replace a job, stay locked across rewrites, and only orphans are recovered.
import Foundation
import XCTest
@testable import HikyakuSpool

final class DirectorySpoolClaimTests: XCTestCase {
    var root: String!
    var spool: DirectorySpool!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID().uuidString.prefix(8))").path
        spool = DirectorySpool(root: root)
        try spool.prepare()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func job(_ marker: String) -> Data { Data("{\"version\":1,\"marker\":\"\(marker)\"}".utf8) }

    func testAClaimNeverReplacesAJobOfTheSameIdAlreadyActive() throws {
        try spool.enqueue(id: "twin", data: job("first"))
        XCTAssertTrue(try spool.claim(id: "twin"))
        // A producer drops a second job under the same id while the first is being sent.
        try job("second").write(to: URL(fileURLWithPath: spool.path(.new, "twin.json")))
        XCTAssertThrowsError(try spool.claim(id: "twin")) { XCTAssertEqual($0 as? SpoolError, .exists(id: "twin", state: .active)) }
        XCTAssertEqual(try spool.read(id: "twin", in: .active), job("first"), "the active job is untouched")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: spool.path(.new, "twin.json"))), job("second"), "the new one waits")
    }

    func testABatchRewriteReplacesClaimedRecordsAndKeepsTheirLocks() throws {
        for id in ["b1", "b2"] {
            try spool.enqueue(id: id, data: job(id))
            XCTAssertTrue(try spool.claim(id: id))
        }
        XCTAssertEqual(spool.rewriteClaimed([("b1", job("b1 seeded")), ("b2", job("b2 seeded"))]), [:])
        XCTAssertEqual(try spool.read(id: "b1", in: .active), job("b1 seeded"))
        XCTAssertEqual(try spool.read(id: "b2", in: .active), job("b2 seeded"))
        XCTAssertNil(DirectorySpool.lockedDescriptor(spool.path(.active, "b1.json")), "the claim moved to the new file")
        XCTAssertEqual(try spool.recoverActive(), [], "no claim lapsed")
        XCTAssertEqual(try spool.entries(in: .tmp), [], "no temporary left behind")
        // One that cannot be written (its claim is gone and tmp/ is fine, but the name is taken by a directory).
        try FileManager.default.createDirectory(atPath: spool.path(.active, "b3.json"), withIntermediateDirectories: false)
        let failures = spool.rewriteClaimed([("b3", job("b3")), ("b1", job("b1 again"))])
        XCTAssertEqual(Array(failures.keys), ["b3"])
        XCTAssertEqual(try spool.read(id: "b1", in: .active), job("b1 again"), "one failure spoils no other")
    }

    func testAClaimStaysLockedAcrossARewriteAndIsRecoveredOnlyOnceReleased() throws {
        try spool.enqueue(id: "live", data: job("a"))
        XCTAssertTrue(try spool.claim(id: "live"))
        try spool.rewrite(id: "live", in: .active, data: job("with seed"), modified: nil)
        XCTAssertEqual(try spool.recoverActive(), [], "the rewritten file is locked before it replaces the claimed one")
        XCTAssertNil(DirectorySpool.lockedDescriptor(spool.path(.active, "live.json")), "another opener cannot lock it")
        XCTAssertEqual(try spool.read(id: "live", in: .active), job("with seed"))
        spool.release(id: "live")
        XCTAssertEqual(try spool.recoverActive(), ["live"])
        XCTAssertEqual(try spool.read(id: "live", in: .new), job("with seed"))
    }

    func testHostileEntriesDroppedIntoNewAreClaimedUnlockedAndNeverRead() throws {
        let outside = root + "/outside.json"
        try job("outside").write(to: URL(fileURLWithPath: outside))
        XCTAssertEqual(symlink(outside, spool.path(.new, "link.json")), 0)
        XCTAssertEqual(mkfifo(spool.path(.new, "fifo.json"), 0o600), 0)
        XCTAssertEqual(mkdir(spool.path(.new, "dir.json"), 0o700), 0)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let socketPath = spool.path(.new, "sock.json")
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(socketPath.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        let problems = ["link": "symbolic link", "fifo": "FIFO", "dir": "directory", "sock": "socket"]
        for (id, problem) in problems {
            XCTAssertTrue(try spool.claim(id: id), id)
            XCTAssertNil(spool.claimedFileStamp(id: id), "\(id): claimed unlocked")
            XCTAssertThrowsError(try spool.read(id: id, in: .active)) { XCTAssertTrue("\($0)".contains(problem), "\(id): \($0)") }
        }
        XCTAssertEqual(try spool.entries(in: .new), [])
    }

    func testAHostileEntryIsNeverOpenedByItsClaim() throws {
        // Opening a device node may act on it (a tape rewinds): a claim learns the type from the
        // name. inotify reports every open of the watched FIFO, wherever it is renamed to.
        let fifo = spool.path(.new, "opened.json")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let watch = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        XCTAssertGreaterThanOrEqual(watch, 0)
        defer { close(watch) }
        XCTAssertGreaterThanOrEqual(inotify_add_watch(watch, fifo, UInt32(IN_OPEN)), 0)
        XCTAssertTrue(try spool.claim(id: "opened"), "claimed (unlocked), for the caller to quarantine")
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(watch, &buffer, buffer.count)
        XCTAssertEqual(count, -1, "no IN_OPEN event: the FIFO was never opened")
        XCTAssertEqual(errno, EAGAIN)
        XCTAssertNil(spool.claimedFileStamp(id: "opened"), "no lock held on it")
    }

    func testAClaimsStampIsItsFilesAndFollowsARewrite() throws {
        try spool.enqueue(id: "stamped", data: job("a"))
        XCTAssertTrue(try spool.claim(id: "stamped"))
        func stamp() throws -> (Int64, UInt64) {
            let info = try FileManager.default.attributesOfItem(atPath: spool.path(.active, "stamped.json"))
            let modified = try XCTUnwrap(info[.modificationDate] as? Date)
            return (Int64((modified.timeIntervalSince1970 * 1000).rounded()), try XCTUnwrap(info[.systemFileNumber] as? UInt64))
        }
        func claimed() throws -> (Int64, UInt64) {
            let held = try XCTUnwrap(spool.claimedFileStamp(id: "stamped"))
            return (held.modifiedNanoseconds / 1_000_000, held.inode)
        }
        XCTAssertEqual(try claimed().1, try stamp().1)
        XCTAssertEqual(Double(try claimed().0), Double(try stamp().0), accuracy: 1)
        let old = try stamp()
        XCTAssertEqual(spool.rewriteClaimed([("stamped", job("a longer record"))]), [:])
        XCTAssertNotEqual(try claimed().1, old.1, "the new file's")
        XCTAssertEqual(try claimed().1, try stamp().1)
        XCTAssertEqual(try spool.read(id: "stamped", in: .active), job("a longer record"), "read to its new size")
        try spool.rewrite(
            id: "stamped", in: .active, data: job("longer still, once more"), modified: Date(timeIntervalSince1970: 1_700_000_000))
        XCTAssertEqual(try claimed().0, 1_700_000_000_000)
        XCTAssertEqual(try claimed().1, try stamp().1)
        XCTAssertEqual(try spool.read(id: "stamped", in: .active), job("longer still, once more"))
    }

    func testRecoveryKeepsAnOrphanWhoseIdWasReusedByAFinishedJob() throws {
        // An old job "dup" was sent long ago; a producer reused the id and its worker died mid-send.
        try spool.rewrite(
            id: "dup", in: .sent, data: Data("{\"record_version\":1,\"job\":{\"version\":1,\"marker\":\"old\"}}".utf8), modified: nil)
        try job("new").write(to: URL(fileURLWithPath: spool.path(.active, "dup.json")))
        XCTAssertEqual(try spool.recoverActive(), ["dup"], "a different job is put back, not dropped")
        // The same job recorded elsewhere (a crash between write and unlink) is a stale copy.
        try spool.rewrite(
            id: "same", in: .deferred, data: Data("{\"record_version\":1,\"job\":{\"version\":1,\"marker\":\"s\"}}".utf8), modified: nil)
        try job("s").write(to: URL(fileURLWithPath: spool.path(.active, "same.json")))
        XCTAssertEqual(try spool.recoverActive(), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: spool.path(.active, "same.json")))
    }

    func testHostileEntriesLeftInActiveAreQuarantinedOnceOld() throws {
        mkfifo(spool.path(.active, "pipe.json"), 0o600)
        XCTAssertEqual(try spool.recoverActive(now: Date()), [])
        XCTAssertTrue(FileManager.default.fileExists(atPath: spool.path(.active, "pipe.json")), "a live worker may be quarantining it")
        XCTAssertEqual(try spool.recoverActive(now: Date().addingTimeInterval(60)), [])
        XCTAssertEqual(try spool.entries(in: .corrupt).sorted(), ["pipe.json", "pipe.reason"])
        // Junk dropped straight into active/ under a name that is not even UTF-8.
        let raw: [UInt8] = Array("x".utf8) + [0xFF] + Array(".json".utf8)
        let fd = open(spool.rawPath(.active, raw), O_WRONLY | O_CREAT | O_EXCL, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        XCTAssertEqual(try spool.recoverActive(now: Date().addingTimeInterval(60)), [])
        XCTAssertEqual(try spool.entries(in: .active), [])
        XCTAssertEqual(try spool.entries(in: .corrupt).count, 4)
    }

    func testNamesThatAreNotUTF8AreQuarantinedByTheirBytes() throws {
        let raw: [UInt8] = Array("bad-".utf8) + [0xFF, 0xFE] + Array(".json".utf8)
        let path = Array(spool.path(.new).utf8) + [0x2F] + raw
        let fd = open(path.map { CChar(bitPattern: $0) } + [0], O_WRONLY | O_CREAT | O_EXCL, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        try spool.enqueue(id: "good", data: job("g"))
        FileManager.default.createFile(atPath: spool.path(.new, ".producer-temp.json"), contents: Data())
        let scan = try spool.scanNew()
        XCTAssertEqual(scan.ids, ["good"])
        XCTAssertEqual(scan.quarantined.count, 1)
        XCTAssertEqual(scan.errors, [])
        XCTAssertEqual(try spool.entries(in: .new).sorted(), [".producer-temp.json", "good.json"], "dot files are left alone")
        let reasonName = try XCTUnwrap(try spool.entries(in: .corrupt).first { $0.hasSuffix(".reason") })
        let reason = try String(contentsOfFile: spool.path(.corrupt, reasonName), encoding: .utf8)
        XCTAssertTrue(reason.contains("does not follow") && reason.contains("bad-"), reason)
    }

    func testDeferredDueTimesAndRequeueIfDue() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for (id, offset) in [("past", -5.0), ("future", 60)] {
            try spool.enqueue(id: id, data: job(id))
            XCTAssertTrue(try spool.claim(id: id))
            try spool.move(id: id, from: .active, to: .deferred, data: job(id), modified: now.addingTimeInterval(offset))
            spool.release(id: id)
        }
        let times = Dictionary(uniqueKeysWithValues: try spool.deferredDueTimes().map { ($0.id, $0.due) })
        XCTAssertEqual(times, ["past": now.addingTimeInterval(-5), "future": now.addingTimeInterval(60)])
        XCTAssertNil(try spool.requeueIfDue(id: "past", now: now))
        XCTAssertEqual(try spool.requeueIfDue(id: "future", now: now), now.addingTimeInterval(60), "re-deferred meanwhile: its real time")
        XCTAssertNil(try spool.requeueIfDue(id: "gone", now: now))
        XCTAssertEqual(try spool.entries(in: .new), ["past.json"])
        // A due job whose id waits in new/ is never written over.
        try spool.enqueue(id: "future2", data: job("x"))
        try FileManager.default.copyItem(atPath: spool.path(.deferred, "future.json"), toPath: spool.path(.deferred, "future2.json"))
        XCTAssertThrowsError(try spool.requeueIfDue(id: "future2", now: now.addingTimeInterval(61))) {
            XCTAssertEqual($0 as? SpoolError, .exists(id: "future2", state: .new))
        }
        XCTAssertEqual(try spool.read(id: "future2", in: .new), job("x"))
        XCTAssertEqual(spool.counts()[.deferred], 2)
        XCTAssertEqual(spool.counts()[.new], 2)
    }
}
