// SuppressionCheckTests.swift — a job to a suppressed address fails before any secret is issued, with its reason and event.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens
@testable import HikyakuMail
@testable import HikyakuSpool
@testable import HikyakuDelivery
@testable import HikyakuService

final class SuppressionCheckTests: XCTestCase {
    var root: URL!
    var spool: DirectorySpool!
    var clock: FixedClock!
    var lines: LineCollector!
    var observer: RecordingObserver!
    let start = Date(timeIntervalSince1970: 1_795_262_700)
    var list: SuppressionList { SuppressionList(stateDirectory: root.appendingPathComponent("state").path, clock: clock) }

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("suppressed-\(UUID().uuidString.prefix(8))")
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

    func makeProcessor() throws -> JobProcessor {
        var config = Config()
        config.state = root.appendingPathComponent("state").path
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates")
        let tokens = TokenStore(
            directory: root.appendingPathComponent("state"), secret: try ServerSecret(bytes: Array(0x20..<0x40)), clock: clock)
        let processor = JobProcessor(
            spool: spool, tokens: tokens, composer: MailComposer(config: config, library: try TemplateLibrary(directory: templates)),
            config: config, clock: clock, log: Log(sink: .collect(lines), clock: clock))
        processor.observer = observer
        return processor
    }

    func record(_ state: SpoolState, _ id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: spool.path(state, "\(id).json")))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func enqueue(_ id: String, kind: String, to: String) throws {
        let data: [String: Any] =
            kind == "login_notice" ? ["logged_in_at": "2026-11-21T12:05:00Z", "ip": "198.51.100.24"] : [:]
        let job: [String: Any] = ["version": 1, "kind": kind, "locale": "en", "to": to, "login_id": "user1", "data": data]
        try spool.enqueue(id: id, data: try JSONSerialization.data(withJSONObject: job))
    }

    func tokenFiles() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("state/tokens").path)) ?? []
    }

    func testAJobToAHardBouncedAddressFailsSuppressedWithNoSecretIssuedAndItsFailedEvent() throws {
        let processor = try makeProcessor()
        _ = try list.record(.hardBounce(address: "Gone@Example.com", reason: "userunknown", status: "5.1.1", job: "old", at: start))
        let transport = ScriptedTransport(DeliveryResult(outcome: .sent, code: 250, reply: "250 ok", phase: .data))
        try enqueue("r1", kind: "password_reset", to: "gone@example.com")
        XCTAssertEqual(processor.process(id: "r1", transport: transport), .failed)
        XCTAssertEqual(transport.sends, 0)
        let reason = try XCTUnwrap(record(.failed, "r1")["failure_reason"] as? String)
        XCTAssertEqual(reason, "suppressed: userunknown (5.1.1) since 2026-11-21T12:05:00Z until 2026-12-21T12:05:00Z")
        XCTAssertEqual(tokenFiles().filter { $0.hasSuffix(".json") }, [], "no link was issued")
        XCTAssertNil(try record(.failed, "r1")["seed"])
        XCTAssertEqual(observer.reports.last?.suppressed, true)
        let events = try spool.eventNames()
        XCTAssertEqual(events.count, 1)
        let event = String(decoding: try spool.readEvent(events[0]), as: UTF8.self)
        XCTAssertTrue(event.contains("\"state\":\"failed\"") && event.contains("suppressed: userunknown"), event)
        XCTAssertTrue(lines.lines.contains { $0.contains("\"event\":\"failed\"") && $0.contains("suppressed:") })

        // Another address goes; once the entry expires, so does this one.
        try enqueue("r2", kind: "password_reset", to: "fine@example.com")
        XCTAssertEqual(processor.process(id: "r2", transport: transport), .sent)
        clock.set(start.addingTimeInterval(31 * SuppressionPolicy.day))
        try enqueue("r3", kind: "password_reset", to: "GONE@example.com")
        XCTAssertEqual(processor.process(id: "r3", transport: transport), .sent)
    }

    func testAComplaintStopsNoticesButNotTheResetTheUserAsksFor() throws {
        let processor = try makeProcessor()
        _ = try list.record(.complaint(address: "clicker@example.com", job: "n0", at: start))
        let transport = ScriptedTransport(DeliveryResult(outcome: .sent, code: 250, reply: "250 ok", phase: .data))
        try enqueue("n1", kind: "login_notice", to: "clicker@example.com")
        try enqueue("r1", kind: "password_reset", to: "clicker@example.com")
        XCTAssertEqual(processor.process(id: "n1", transport: transport), .failed)
        XCTAssertEqual(processor.process(id: "r1", transport: transport), .sent)
        XCTAssertTrue((try record(.failed, "n1")["failure_reason"] as? String ?? "").contains("complaint, notices only"))
    }

    func testAnUnreadableEntryDefersTheJobRatherThanMailIt() throws {
        let processor = try makeProcessor()
        _ = try list.record(.hardBounce(address: "gone@example.com", reason: "userunknown", status: "5.1.1", job: "old", at: start))
        let path = try XCTUnwrap(list.entryPaths().first)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: path))
        let transport = ScriptedTransport(DeliveryResult(outcome: .sent, code: 250, reply: "250 ok", phase: .data))
        try enqueue("r1", kind: "password_reset", to: "gone@example.com")
        XCTAssertEqual(processor.process(id: "r1", transport: transport), .deferred)
        XCTAssertEqual(transport.sends, 0)
    }
}
