// JobProcessorRetryTests.swift — deferral with backoff, give-up with every reply, expiry while deferred, write backoff.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens
@testable import HikyakuMail
@testable import HikyakuSpool
@testable import HikyakuDelivery
@testable import HikyakuService

final class JobProcessorRetryTests: XCTestCase {
    var root: URL!
    var spool: DirectorySpool!
    var clock: FixedClock!
    var lines: LineCollector!
    var observer: RecordingObserver!
    let start = Date(timeIntervalSince1970: 1_795_262_700)

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("processor-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        spool = DirectorySpool(root: root.appendingPathComponent("spool").path)
        try spool.prepare()
        clock = FixedClock(start)
        lines = LineCollector()
        observer = RecordingObserver()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    func makeProcessor(_ configure: (inout Config) -> Void) throws -> JobProcessor {
        var config = Config()
        config.state = root.appendingPathComponent("state").path  // the token store's, and the rate limits'
        config.retry = Config.Retry(firstSeconds: 30, maxSeconds: 900, giveUpAfterSeconds: 3600)
        configure(&config)
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates")
        let tokens = TokenStore(
            directory: root.appendingPathComponent("state"), secret: try ServerSecret(bytes: Array(0x20..<0x40)), clock: clock)
        let processor = JobProcessor(
            spool: spool, tokens: tokens, composer: MailComposer(config: config, library: try TemplateLibrary(directory: templates)),
            config: config, clock: clock, log: Log(sink: .collect(lines), clock: clock))
        processor.retry = RetryPolicy(config.retry, random: { 0.5 })
        processor.observer = observer
        return processor
    }

    func enqueue(_ id: String, kind: String) throws {
        let data: [String: Any]
        switch kind {
        case "password_reset", "otp_code": data = [:]
        default: data = ["logged_in_at": "2026-11-21T12:05:00Z", "ip": "198.51.100.24"]
        }
        let job: [String: Any] = ["version": 1, "kind": kind, "locale": "en", "to": "user@example.com", "login_id": "user1", "data": data]
        try spool.enqueue(id: id, data: try JSONSerialization.data(withJSONObject: job))
    }

    func record(_ state: SpoolState, _ id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: spool.path(state, "\(id).json")))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func mtime(_ state: SpoolState, _ id: String) throws -> Date {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: spool.path(state, "\(id).json"))[.modificationDate] as? Date)
    }

    func testTransientRepliesBackOffDoublingUntilTheGiveUpDeadlineThenFailWithEveryReply() throws {
        let processor = try makeProcessor { _ in }
        let transport = ScriptedTransport(DeliveryResult(outcome: .deferred, code: 450, reply: "450 4.7.1 greylisted", phase: .rcpt))
        try enqueue("n1", kind: "login_notice")
        // first 30 s, doubling, capped at 900 s; the last retry lands on the 1 h deadline.
        let expectedDelays: [TimeInterval] = [30, 60, 120, 240, 480, 900, 900, 870]
        for (index, delay) in expectedDelays.enumerated() {
            XCTAssertEqual(processor.process(id: "n1", transport: transport), .deferred, "attempt \(index + 1)")
            let due = clock.now().addingTimeInterval(delay)
            XCTAssertEqual(try mtime(.deferred, "n1"), due, "attempt \(index + 1): the deferred file's mtime is its next-attempt time")
            XCTAssertEqual(observer.reports.last?.nextAttemptAt, due)
            XCTAssertEqual(try record(.deferred, "n1")["next_attempt_at"] as? String, Timestamp.iso8601(due))
            clock.set(due)
            XCTAssertNil(try spool.requeueIfDue(id: "n1", now: clock.now()))
        }
        XCTAssertEqual(processor.process(id: "n1", transport: transport), .failed)
        XCTAssertEqual(transport.sends, 9)
        let reason = try String(contentsOfFile: spool.path(.failed, "n1.reason"), encoding: .utf8)
        XCTAssertEqual(reason, "gave up after 9 attempts over 1h: last reply 450 4.7.1 greylisted\n")
        let attempts = try XCTUnwrap(try record(.failed, "n1")["attempts"] as? [[String: Any]])
        XCTAssertEqual(attempts.count, 9, "every attempt's reply is kept")
        XCTAssertTrue(attempts.allSatisfy { $0["reply"] as? String == "450 4.7.1 greylisted" && $0["code"] as? Int == 450 })
        XCTAssertEqual(observer.reports.last?.state, .failed)
        XCTAssertTrue(lines.lines.last { $0.contains("\"event\":\"failed\"") }?.contains("gave up after 9 attempts") == true)
    }

    func testALinkDeferredPastItsExpiryFailsExpiredBeforeDeliveryAtItsDueTimeAndIsRevoked() throws {
        let processor = try makeProcessor {
            $0.lifetimes["password_reset"] = 100; $0.retry.firstSeconds = 60
        }
        let transport = ScriptedTransport(
            DeliveryResult(outcome: .deferred, code: 0, reply: "curl 7: Couldn't connect to server", phase: .connect))
        try enqueue("r1", kind: "password_reset")
        XCTAssertEqual(processor.process(id: "r1", transport: transport), .deferred)
        XCTAssertEqual(try mtime(.deferred, "r1"), start.addingTimeInterval(60))
        clock.set(start.addingTimeInterval(60))
        XCTAssertNil(try spool.requeueIfDue(id: "r1", now: clock.now()))
        XCTAssertEqual(processor.process(id: "r1", transport: transport), .deferred)
        XCTAssertEqual(try mtime(.deferred, "r1"), start.addingTimeInterval(100), "due no later than the link's expiry (not 60 + 120 s)")
        clock.set(start.addingTimeInterval(100))
        XCTAssertNil(try spool.requeueIfDue(id: "r1", now: clock.now()))
        XCTAssertEqual(processor.process(id: "r1", transport: transport), .failed)
        XCTAssertEqual(transport.sends, 2, "an expired link is never mailed")
        let reason = try String(contentsOfFile: spool.path(.failed, "r1.reason"), encoding: .utf8)
        XCTAssertEqual(reason, "expired before delivery after 2 attempts: last reply curl 7: Couldn't connect to server\n")
        let seed = try boundSeed(.failed, "r1", tokens: processor.tokens)
        XCTAssertEqual(try processor.tokens.linkState(seed: seed, purpose: .passwordReset)?.status, .revoked)
    }

    func testAnUnwritableStateDirectoryIsRetriedWithBackoffWithoutSendingAgain() throws {
        let processor = try makeProcessor { _ in }
        let transport = ScriptedTransport(DeliveryResult(outcome: .sent, code: 250, reply: "250 2.0.0 Ok", phase: .done))
        try enqueue("s1", kind: "login_notice")
        // sent/ replaced by a plain file: every write into it fails, whoever runs the test (even root).
        let sent = spool.path(.sent)
        try FileManager.default.moveItem(atPath: sent, toPath: sent + ".away")
        FileManager.default.createFile(atPath: sent, contents: Data())
        observer.onRetry = { attempt, delay in
            XCTAssertEqual(delay, attempt == 1 ? 1 : 2, "backoff doubles")
            XCTAssertEqual(try? self.spool.entries(in: .active), ["s1.json"], "the job waits in active/, claimed")
            if attempt == 2 {
                try? FileManager.default.removeItem(atPath: sent)
                try? FileManager.default.moveItem(atPath: sent + ".away", toPath: sent)
            }
            return true
        }
        XCTAssertEqual(processor.process(id: "s1", transport: transport), .sent)
        XCTAssertEqual(observer.retries, 2)
        XCTAssertEqual(transport.sends, 1, "never sent twice")
        XCTAssertEqual(try spool.entries(in: .sent), ["s1.json"])
        XCTAssertEqual(try spool.entries(in: .active), [])
        let errors = lines.lines.filter { $0.contains("\"event\":\"record_error\"") }
        XCTAssertEqual(errors.count, 2)
        XCTAssertTrue(errors[0].contains("\"retry_in_seconds\":1") && errors[0].contains("Not a directory"), errors[0])
        XCTAssertTrue(lines.lines.contains { $0.contains("\"event\":\"record_recovered\"") })
    }

    func testOfTwoCodesForOneLoginInOneBatchOnlyTheLaterIsMailed() throws {
        let processor = try makeProcessor { _ in }
        let transport = ScriptedTransport(DeliveryResult(outcome: .sent, code: 250, reply: "2.0.0 Ok", phase: .dot))
        try enqueue("o1", kind: "otp_code")
        try enqueue("o2", kind: "otp_code")
        let outcomes = OutcomeLog()
        let prepared = processor.prepare(ids: ["o1", "o2"]) { id, outcome in outcomes.add(id, outcome) }
        XCTAssertEqual(prepared.map(\.record.id), ["o2"], "the earlier code was superseded within the batch")
        for job in prepared { processor.deliver(job, transport: transport) }
        spool.waitForGroupedMoves()
        XCTAssertEqual(outcomes.all["o1"], .failed)
        XCTAssertEqual(outcomes.all["o2"], .sent)
        XCTAssertEqual(transport.sends, 1, "a dead code is never mailed")
        XCTAssertEqual(try record(.failed, "o1")["failure_reason"] as? String, "superseded before delivery")
    }

    func testWithoutAWorkerToWaitAFailedWriteLeavesTheJobInActiveForRecovery() throws {
        let processor = try makeProcessor { _ in }
        processor.observer = nil
        let transport = ScriptedTransport(DeliveryResult(outcome: .sent, code: 250, reply: "250 ok", phase: .done))
        try enqueue("s2", kind: "login_notice")
        try FileManager.default.removeItem(atPath: spool.path(.sent))
        FileManager.default.createFile(atPath: spool.path(.sent), contents: Data())
        XCTAssertEqual(processor.process(id: "s2", transport: transport), .sent)
        XCTAssertEqual(try spool.entries(in: .active), ["s2.json"], "nothing lost")
        XCTAssertEqual(try spool.recoverActive(), ["s2"], "and its claim was released, so recovery puts it back")
    }
}

/// Outcomes reported by `prepare`'s and the records' completions, by job id.
final class OutcomeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [String: DeliveryOutcome?] = [:]
    func add(_ id: String, _ outcome: DeliveryOutcome?) { lock.lock(); outcomes[id] = outcome; lock.unlock() }
    var all: [String: DeliveryOutcome?] { lock.lock(); defer { lock.unlock() }; return outcomes }
}

/// Answers every send with the same result, counting sends.
final class ScriptedTransport: Transport {
    let result: DeliveryResult
    private(set) var sends = 0
    init(_ result: DeliveryResult) { self.result = result }
    func send(_ message: [UInt8], envelope: Envelope) -> DeliveryResult {
        sends += 1
        return result
    }
}

/// Records reports; answers write retries through `onRetry` (default: give up).
final class RecordingObserver: JobObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [JobReport] = []
    var retries = 0
    var onRetry: (Int, TimeInterval) -> Bool = { _, _ in false }

    var reports: [JobReport] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func recorded(_ report: JobReport) {
        lock.lock()
        stored.append(report)
        lock.unlock()
    }

    func shouldRetryWrite(attempt: Int, after delay: TimeInterval) -> Bool {
        retries += 1
        return onRetry(attempt, delay)
    }
}
