// InboundProcessorTests.swift — the worker's inbound pass: done, other, quarantine, effects at least once under one name.
import Foundation
import HikyakuBase
import HikyakuSpool
import HikyakuTokens
import Synchronization
import XCTest

@testable import HikyakuService

/// Records what it was asked to do; can be told to fail.
final class RecordingEffects: InboundEffects {
    let calls = Mutex<[(name: InboundName, report: InboundReport)]>([])
    let failures = Mutex(0)

    func apply(_ report: InboundReport, message: InboundName) throws {
        let fail = failures.withLock { count in
            defer { count = max(0, count - 1) }
            return count > 0
        }
        calls.withLock { $0.append((message, report)) }
        if fail { throw SpoolError.io(IOFailure(path: "effects", operation: "record", errno: ENOSPC)) }
    }

    var names: [InboundName] { calls.withLock { $0.map(\.name) } }
}

final class InboundProcessorTests: XCTestCase {
    var root: String!
    var inbound: InboundSpool!
    let effects = RecordingEffects()
    let lines = LineCollector()
    var processor: InboundProcessor!
    /// Keys the processor verifies VERP tags under (nil: none).
    var keys: ReturnPathKeys?
    let now = Date(timeIntervalSince1970: 1_733_900_000)

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("inproc-\(UUID().uuidString.prefix(8))").path
        let spool = DirectorySpool(root: root + "/spool")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        try spool.prepare()
        inbound = spool.inbound
        processor = makeProcessor(maildir: nil)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    private func makeProcessor(maildir: String?) -> InboundProcessor {
        InboundProcessor(
            inbound: inbound, maildir: maildir, keys: keys, effects: effects, clock: FixedClock(now),
            log: Log(sink: .collect(lines)))
    }

    private func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: InboundFixtureTests.fixtures.appendingPathComponent(name)))
    }

    private func events(_ name: String) -> [String] { lines.lines.filter { $0.contains("\"event\":\"\(name)\"") } }

    func testABounceIsFiledInDoneWithItsReportAndHandedOnOnce() throws {
        let name = try inbound.store(try fixture("postfix-dsn-5.1.1.eml"), truncated: false, at: Date())
        let pass = processor.pass()
        XCTAssertEqual(pass.filed, [.done: 1])
        XCTAssertEqual(try inbound.names(in: .done), [name])
        XCTAssertEqual(try inbound.names(in: .new), [])
        let record = try XCTUnwrap(try JSONValue.parse(XCTUnwrap(try inbound.report(name, in: .done))).objectValue)
        XCTAssertEqual(record["name"]?.stringValue, name.stem)
        XCTAssertEqual(record["source"]?.stringValue, "pipe")
        XCTAssertEqual(record["truncated"]?.boolValue, false)
        XCTAssertEqual(record["report"]?.objectValue?["kind"]?.stringValue, "bounce")
        XCTAssertEqual(effects.names, [name])
        XCTAssertEqual(events("inbound_processed").count, 1)
        XCTAssertFalse(lines.lines.joined().contains("nobody@example.com"), "no address in the log")
    }

    func testUnclassifiedAndTruncatedMessagesGoToOtherAndAreNeverActedOn() throws {
        let plain = try inbound.store(Array("From: a@example.net\nSubject: hello\n\nhi\n".utf8), truncated: false, at: Date())
        let cut = try inbound.store(try fixture("postfix-dsn-5.1.1.eml"), truncated: true, at: Date())
        XCTAssertEqual(processor.pass().filed, [.other: 2])
        XCTAssertEqual(Set(try inbound.names(in: .other)), [plain, cut])
        XCTAssertNotNil(try inbound.report(cut, in: .other), "a truncated message keeps its report")
        XCTAssertEqual(effects.names, [])
    }

    func testGarbageAndOddEntriesGoToQuarantineWithAReasonAndThePassGoesOn() throws {
        let garbage = try inbound.store([0, 1, 2, 3], truncated: false, at: Date(timeIntervalSince1970: 1))
        let link = InboundName(stem: "00000000002000-1-1-0000000000000001")!
        symlink(root + "/elsewhere", inbound.path(.new, link.fileName))
        let good = try inbound.store(try fixture("exim-bounce.eml"), truncated: false, at: Date())
        let pass = processor.pass()
        XCTAssertEqual(pass.filed[.quarantine], 2)
        XCTAssertEqual(pass.filed[.done], 1)
        XCTAssertEqual(Set(try inbound.names(in: .quarantine)), [garbage, link])
        XCTAssertTrue(inbound.reason(garbage)?.contains("not a mail message") == true, "\(inbound.reason(garbage) ?? "-")")
        XCTAssertTrue(inbound.reason(link)?.contains("symbolic link") == true)
        XCTAssertEqual(try inbound.names(in: .done), [good])
    }

    func testAFailedEffectLeavesTheMessageInNewAndTheRetryUsesTheSameName() throws {
        effects.failures.withLock { $0 = 1 }
        let name = try inbound.store(try fixture("postfix-dsn-5.1.1.eml"), truncated: false, at: Date())
        let first = processor.pass()
        XCTAssertEqual(first.retry, 1)
        XCTAssertEqual(try inbound.names(in: .new), [name], "nothing is lost")
        XCTAssertEqual(events("inbound_effects_error").count, 1)
        XCTAssertEqual(processor.pass().filed, [.done: 1])
        XCTAssertEqual(effects.names, [name, name], "a repeat carries the same identity, so effects can keep one")
        XCTAssertEqual(try inbound.names(in: .done), [name])
    }

    func testAPassInterruptedAfterItsReportProcessesTheMessageAgain() throws {
        let name = try inbound.store(try fixture("qmail-bounce.eml"), truncated: false, at: Date())
        // What a crash after the report and before the move leaves: a stale report, the message in new/.
        try Data("{\"stale\":true}".utf8).write(to: URL(fileURLWithPath: inbound.path(.done, name.reportName)))
        XCTAssertEqual(processor.pass().filed, [.done: 1])
        let record = try JSONValue.parse(XCTUnwrap(try inbound.report(name, in: .done))).objectValue
        XCTAssertNil(record?["stale"])
        XCTAssertEqual(record?["name"]?.stringValue, name.stem)
        XCTAssertEqual(processor.pass(), InboundProcessor.Pass(), "a second pass has nothing to do")
        XCTAssertEqual(effects.names, [name])
    }

    func testAMessageAnotherWorkerHoldsIsSkipped() throws {
        let name = try inbound.store(try fixture("exim-bounce.eml"), truncated: false, at: Date())
        guard case .claimed(let claim) = try inbound.claim(name) else { return XCTFail("not claimed") }
        XCTAssertEqual(processor.process(name), .skipped)
        inbound.release(claim)
        XCTAssertEqual(processor.process(name), .filed(.done))
    }

    func testThePassTakesTheMaildirFirstAndLogsAMissingOneOnce() throws {
        let maildir = root + "/Maildir"
        let missing = makeProcessor(maildir: maildir)
        missing.pass()
        missing.pass()
        XCTAssertEqual(events("inbound_maildir_error").count, 1)
        for sub in ["", "/new", "/cur", "/tmp"] { XCTAssertEqual(mkdir(maildir + sub, 0o700), 0) }
        try Data(try fixture("arf-abuse.eml")).write(to: URL(fileURLWithPath: maildir + "/new/1733900000.M1.host"))
        let pass = missing.pass()
        XCTAssertEqual(pass.taken, 1)
        XCTAssertEqual(pass.filed, [.done: 1])
        XCTAssertEqual(try inbound.names(in: .done).first?.source, .maildir)
        XCTAssertEqual(effects.calls.withLock { $0.map(\.report.kind) }, [.complaint])
    }

    func testATaggedBounceReachesTheEffectsWithItsTagVerified() throws {
        keys = ReturnPathKeys(current: ReturnPathKey(secret: try ServerSecret(bytes: Array(100..<132))))
        processor = makeProcessor(maildir: nil)
        let job = "01JB7Q3ZK4RZ8M2V6T3WQ9XHNA"
        let messageID = "\(job).5f1c2e8a9b3d4c71@portal.example.jp"
        let sender = ReturnPathTag.envelopeSender(
            returnPath: "bounces@bounce.portal.example.jp", jobID: job, messageID: messageID, recipient: "nobody@example.com", on: now,
            key: try XCTUnwrap(keys).current)
        let template = try String(
            contentsOf: InboundFixtureTests.fixtures.appendingPathComponent("verp/postfix-dsn.eml.template"), encoding: .utf8)
        let message = template.replacingOccurrences(of: "@SENDER@", with: sender)
            .replacingOccurrences(of: "@ORIGINAL_RECIPIENT@", with: "nobody@example.com")
            .replacingOccurrences(of: "@RECIPIENT@", with: "nobody@example.com").replacingOccurrences(of: "@MESSAGE_ID@", with: messageID)
        let name = try inbound.store(Array(message.utf8), truncated: false, at: now)
        XCTAssertEqual(processor.pass().filed, [.done: 1])
        XCTAssertEqual(effects.calls.withLock { $0.map(\.report.tag) }, [TagVerdict(present: true, valid: true, jobID: job)])
        let record = try JSONValue.parse(XCTUnwrap(try inbound.report(name, in: .done))).objectValue
        XCTAssertEqual(record?["report"]?.objectValue?["tag"]?.objectValue?["valid"], .bool(true))
    }
}
