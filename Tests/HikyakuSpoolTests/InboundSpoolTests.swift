// InboundSpoolTests.swift — the inbound spool: layout, durable store, names, the pipe's size cap, claims and quarantine.
import Foundation
import XCTest

@testable import HikyakuBase
@testable import HikyakuSpool

final class InboundSpoolTests: XCTestCase {
    var root: String!
    var spool: DirectorySpool!
    var inbound: InboundSpool { spool.inbound }

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("inbound-\(UUID().uuidString.prefix(8))").path
        spool = DirectorySpool(root: root)
        try spool.prepare()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    func testPrepareCreatesTheInboundDirectories0700AndVerifyRefusesALink() throws {
        for state in InboundState.allCases { XCTAssertEqual(try mode(inbound.path(state)), 0o700, state.rawValue) }
        XCTAssertEqual(try mode(inbound.root), 0o700)
        // A state directory replaced by a link to elsewhere is refused, by the spool's own check too.
        let elsewhere = root + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
        try FileManager.default.removeItem(atPath: inbound.path(.new))
        symlink(elsewhere, inbound.path(.new))
        XCTAssertThrowsError(try inbound.verify()) { XCTAssertTrue("\($0)".contains("not a directory"), "\($0)") }
        XCTAssertThrowsError(try spool.verify())
        XCTAssertThrowsError(try inbound.store(Array("Subject: x\n\nbody\n".utf8), truncated: false, at: Date()))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere), [], "nothing was written through the link")
    }

    func testAGroupWritableDirectoryIsRefused() throws {
        chmod(inbound.path(.done), 0o770)
        XCTAssertThrowsError(try inbound.verify()) { XCTAssertTrue("\($0)".contains("writable"), "\($0)") }
    }

    func testStoreWritesA0600FileIntoNewUnderAUniqueTimeOrderedName() throws {
        let bytes = Array("Subject: hello\n\nbody\n".utf8)
        let now = Date(timeIntervalSince1970: 1_733_900_000.123)
        let first = try inbound.store(bytes, truncated: false, at: now)
        let second = try inbound.store(bytes, truncated: false, at: now)
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(try inbound.names(in: .new), [first, second].sorted())
        XCTAssertEqual(try Files.list(inbound.path(.tmp)), [], "nothing is left in tmp/")
        XCTAssertEqual(try mode(inbound.path(.new, first.fileName)), 0o600)
        XCTAssertEqual(try inbound.message(first, in: .new), bytes)
        XCTAssertTrue(first.stem.hasPrefix("01733900000123-\(getpid())-"), first.stem)
        XCTAssertTrue(JobID.isValid(first.stem))
        XCTAssertEqual(first.received.timeIntervalSince1970, 1_733_900_000.123, accuracy: 0.001)
        XCTAssertEqual(first.source, .pipe)
        XCTAssertFalse(first.isTruncated)
        XCTAssertEqual(InboundName(fileName: first.fileName), first)
        XCTAssertEqual(inbound.counts()[.new], 2)
    }

    func testNamesOutsideTheShapesAreNotInboundNames() {
        for bad in [
            "", "x.eml", "0173390000012-1-1-abc", "01733900000123", "01733900000123-", "01733900000123-A", "01733900000123--1",
            "../01733900000123-1", "01733900000123-1/2",
        ] {
            XCTAssertNil(InboundName(stem: bad), bad)
        }
        XCTAssertEqual(InboundName(stem: "01733900000123-m-0123456789abcdef")?.source, .maildir)
        XCTAssertEqual(InboundName(stem: "01733900000123-1-2-0123456789abcdef-truncated")?.isTruncated, true)
    }

    func testDeliverReadsAPipeAndKeepsTheFirst2MiBOfALargerMessage() throws {
        let big = Array("Subject: big\n\n".utf8) + [UInt8](repeating: 0x61, count: InboundSpool.maxMessageBytes + 100_000)
        let delivery = try XCTUnwrap(try deliver(big))
        XCTAssertTrue(delivery.name.isTruncated)
        XCTAssertEqual(delivery.stored, InboundSpool.maxMessageBytes)
        XCTAssertEqual(delivery.received, big.count, "the rest was read to the end, so the MTA's write never fails")
        XCTAssertEqual(try inbound.message(delivery.name, in: .new), Array(big.prefix(InboundSpool.maxMessageBytes)))

        let exact = [UInt8](repeating: 0x62, count: InboundSpool.maxMessageBytes)
        XCTAssertEqual(try deliver(exact)?.name.isTruncated, false)
        XCTAssertNil(try deliver([]), "an empty message stores nothing")
        XCTAssertEqual(try inbound.names(in: .new).count, 2)
    }

    func testDeliverThrowsBeforeReadingWhenTheSpoolIsMissing() throws {
        let missing = DirectorySpool(root: root + "/none").inbound
        XCTAssertThrowsError(try missing.deliver(from: -1, at: Date())) { error in
            guard case SpoolError.missing = error else { return XCTFail("\(error)") }
        }
    }

    /// Writes `bytes` into a pipe from another thread and delivers from its read end.
    private func deliver(_ bytes: [UInt8]) throws -> InboundDelivery? {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        let writeEnd = ends[1]
        let writer = Thread {
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = write(writeEnd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(ends[0]) }
        return try inbound.deliver(from: ends[0], at: Date())
    }

    func testClaimRefusesWhatIsNotAPlainFileAndExcludesASecondClaim() throws {
        let name = try inbound.store(Array("Subject: x\n\nbody\n".utf8), truncated: false, at: Date())
        guard case .claimed(let claim) = try inbound.claim(name) else { return XCTFail("not claimed") }
        guard case .busy = try inbound.claim(name) else { return XCTFail("claimed twice") }
        XCTAssertEqual(try inbound.move(claim, into: .done), .done)
        inbound.release(claim)
        guard case .gone = try inbound.claim(name) else { return XCTFail("still in new/") }

        let target = root + "/outside.eml"
        try Data("Subject: secret\n\n".utf8).write(to: URL(fileURLWithPath: target))
        let link = InboundName(stem: "01733900000123-1-1-0000000000000001")!
        symlink(target, inbound.path(.new, link.fileName))
        guard case .refused(let problem) = try inbound.claim(link) else { return XCTFail("a link was claimed") }
        XCTAssertTrue(problem.contains("symbolic link"), problem)
        let fifo = InboundName(stem: "01733900000123-1-2-0000000000000002")!
        mkfifo(inbound.path(.new, fifo.fileName), 0o600)
        guard case .refused = try inbound.claim(fifo) else { return XCTFail("a FIFO was claimed") }
        try inbound.quarantine(link, from: .new, reason: "is a symbolic link")
        XCTAssertEqual(inbound.reason(link), "is a symbolic link")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: inbound.path(.quarantine, link.fileName)), target)
    }

    func testOddNamesInNewAreQuarantinedWithAReason() throws {
        try Data("x".utf8).write(to: URL(fileURLWithPath: inbound.path(.new, "not a name")))
        try Data("x".utf8).write(to: URL(fileURLWithPath: inbound.path(.new, ".partial")))
        let scan = try inbound.scanNew(at: Date())
        XCTAssertEqual(scan.names, [])
        XCTAssertEqual(scan.quarantined, ["not a name"])
        let quarantined = try inbound.names(in: .quarantine)
        XCTAssertEqual(quarantined.count, 1)
        XCTAssertEqual(quarantined.first?.source, .quarantine)
        XCTAssertTrue(inbound.reason(quarantined[0])?.contains("was not a name") == true)
        XCTAssertTrue(Files.exists(inbound.path(.new, ".partial")), "a dot file is a writer's business")
    }
}
