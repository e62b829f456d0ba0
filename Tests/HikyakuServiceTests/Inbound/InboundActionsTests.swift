// InboundActionsTests.swift — what each kind of returned message does to its job, the suppression list and the events.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuSpool
import HikyakuTokens
import XCTest

@testable import HikyakuService

final class InboundActionsTests: XCTestCase {
    var root: String!
    var spool: DirectorySpool!
    var list: SuppressionList!
    var actions: InboundActions!
    let lines = LineCollector()
    let now = Date(timeIntervalSince1970: 1_795_262_700)
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("actions-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        spool = DirectorySpool(root: root + "/spool")
        try spool.prepare()
        let clock = FixedClock(now)
        let tokens = try TokenStore.open(stateDirectory: root + "/state", clock: clock)
        list = SuppressionList(stateDirectory: root + "/state", clock: clock)
        actions = InboundActions(
            spool: spool, suppression: list, tokens: tokens, catalogue: { .standard }, clock: clock, log: Log(sink: .collect(lines)))
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A job of `fixture` (fixtures/jobs/) recorded as sent under `id`; returns its address.
    @discardableResult
    func sent(_ id: String, fixture: String) throws -> String {
        let data = try Data(contentsOf: Self.repository.appendingPathComponent("fixtures/jobs/\(fixture)"))
        let object = try XCTUnwrap(try JSONValue.parse(data).objectValue)
        let record = JobRecord(id: id, job: object, receivedAt: now)
        try spool.rewrite(id: id, in: .sent, data: record.encoded(), modified: now)
        return try XCTUnwrap(object["to"]?.stringValue)
    }

    func report(
        _ kind: InboundReport.Kind, job: String, to address: String, hard: Bool = false, status: String? = nil,
        reason: BounceReason = .undefined, verified: Bool = true
    )
        -> InboundReport
    {
        var report = InboundReport()
        report.kind = kind
        report.tag = TagVerdict(present: true, valid: verified, jobID: verified ? job : nil)
        report.originalJob = job
        if kind == .bounce || kind == .delayed {
            report.recipients = [
                .init(
                    address: address, action: kind == .bounce ? "failed" : "delayed", status: status, replyCode: nil, hard: hard,
                    reason: reason, remoteMTA: nil, diagnostic: nil)
            ]
        }
        return report
    }

    func name(_ n: Int) -> InboundName { InboundName(stem: "0\(1_795_262_700_000 + n)-m-\(String(repeating: "0", count: 14))\(10 + n)")! }

    func record(_ id: String) throws -> (SpoolState, JobRecord) {
        let state = try XCTUnwrap(spool.locate(id: id))
        let object = try XCTUnwrap(try JSONValue.parse(try spool.read(id: id, in: state)).objectValue)
        return (state, JobRecord.decode(id: id, object: object, now: now))
    }

    func eventStates() throws -> [String] {
        try spool.eventNames().compactMap { try JSONValue.parse(try spool.readEvent($0)).objectValue?["state"]?.stringValue }
    }

    func testAComplaintSuppressesNoticesButNotRecovery() throws {
        let address = try sent("notice-1", fixture: "login_notice-en.json")
        try actions.apply(report(.complaint, job: "notice-1", to: address), message: name(1))
        XCTAssertNotNil(try list.check(address: address, notice: true, at: now), "login and deletion notices stop")
        XCTAssertNil(try list.check(address: address, notice: false, at: now), "a reset, a code, an address change still go out")
        let (state, record) = try record("notice-1")
        XCTAssertEqual(state, .sent)
        XCTAssertEqual(record.inbound.map(\.kind), ["complaint"])
        XCTAssertEqual(try eventStates(), ["complained"])
    }

    func testASoftBounceIsCountedNotedAndAnnouncedButNeverBounces() throws {
        let address = try sent("reset-1", fixture: "password_reset-ja.json")
        try actions.apply(report(.bounce, job: "reset-1", to: address, status: "5.2.2", reason: .mailboxfull), message: name(2))
        XCTAssertNil(try list.check(address: address, notice: false, at: now), "one soft failure suppresses nobody")
        let (state, record) = try record("reset-1")
        XCTAssertEqual(state, .sent)
        XCTAssertEqual(record.inbound.first?.reason, "mailboxfull")
        XCTAssertEqual(try eventStates(), ["soft_bounced"])
    }

    func testADelayChangesNothingButTheNoteAndTheEvent() throws {
        let address = try sent("reset-2", fixture: "password_reset-ja.json")
        try actions.apply(report(.delayed, job: "reset-2", to: address, status: "4.4.1", reason: .expired), message: name(3))
        XCTAssertEqual(try list.counts().active, 0)
        XCTAssertEqual(try record("reset-2").0, .sent)
        XCTAssertEqual(try eventStates(), ["delayed"])
    }

    func testAnAutoReplyIsOnlyNoted() throws {
        let address = try sent("notice-2", fixture: "login_notice-en.json")
        try actions.apply(report(.autoReply, job: "notice-2", to: address), message: name(4))
        XCTAssertNil(try list.check(address: address, notice: true, at: now))
        XCTAssertEqual(try record("notice-2").1.inbound.map(\.reason), ["vacation"])
        XCTAssertEqual(try eventStates(), [])
    }

    func testAnUnverifiedHardBounceNeverSuppressesNorMovesTheJob() throws {
        let address = try sent("reset-3", fixture: "password_reset-ja.json")
        try actions.apply(
            report(.bounce, job: "reset-3", to: address, hard: true, status: "5.1.1", reason: .userunknown, verified: false),
            message: name(5))
        XCTAssertNil(try list.check(address: address, notice: false, at: now))
        let (state, record) = try record("reset-3")
        XCTAssertEqual(state, .sent)
        XCTAssertEqual(record.inbound.first?.verified, false)
        XCTAssertEqual(try eventStates(), [])
    }

    func testAHardBounceMovesTheJobOnceAndAJobGoneIsLoggedNotFatal() throws {
        let address = try sent("reset-4", fixture: "password_reset-ja.json")
        let bounce = report(.bounce, job: "reset-4", to: address, hard: true, status: "5.1.1", reason: .userunknown)
        for n in 6...8 { try actions.apply(bounce, message: name(n)) }
        let (state, record) = try record("reset-4")
        XCTAssertEqual(state, .bounced)
        XCTAssertEqual(record.inbound.count, 1)
        XCTAssertEqual(try eventStates(), ["bounced"])
        XCTAssertEqual(try list.entry(address: address)?.count, 1)
        try actions.apply(report(.bounce, job: "purged-long-ago", to: address, hard: true, reason: .userunknown), message: name(9))
        XCTAssertTrue(lines.lines.contains { $0.contains("inbound_job_gone") })
    }
}
