// EventStreamTests.swift — one events file per group commit: every line read, the file removed only when all were acknowledged.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuSpool
@testable import HikyakuService

final class EventStreamTests: XCTestCase {
    var root: String!
    var spool: DirectorySpool!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString.prefix(8))").path
        spool = DirectorySpool(root: root)
        try spool.prepare()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Claims `ids` and commits their moves to sent/ as one group, each with an event line naming it.
    func finishAsOneGroup(_ ids: [String]) throws {
        var group: [GroupCommit.Entry] = []
        for id in ids {
            try spool.enqueue(id: id, data: Data("{}".utf8))
            XCTAssertTrue(try spool.claim(id: id))
            let temporary = spool.path(.tmp, "\(id).test")
            group.append(
                GroupCommit.Entry(
                    descriptor: try Files.write(Data("\(id)\n".utf8), to: temporary, modified: nil), temporary: temporary,
                    destination: spool.path(.sent, "\(id).json"), directory: spool.path(.sent),
                    event: GroupCommit.Event(
                        bytes: Data("{\"job\":\"\(id)\",\"state\":\"sent\"}\n".utf8), temporaryDirectory: spool.path(.tmp),
                        directory: spool.eventsPath, permissions: 0o600),
                    obsolete: [spool.path(.active, "\(id).json")], completion: { error in XCTAssertNil(error) }))
        }
        GroupCommit.commit(group)
    }

    func testAGroupsEventsShareOneFileAndEachIsReadInOrder() throws {
        let ids = (0..<40).map { "job\($0)" }
        try finishAsOneGroup(ids)
        let names = try spool.eventNames()
        XCTAssertEqual(names.count, 1, "one file for the group: \(names)")
        XCTAssertTrue(names[0].hasSuffix(".jsonl"), names[0])
        let events = try EventStream(spool: spool).pending()
        XCTAssertEqual(events.compactMap { $0.object["job"]?.stringValue }, ids, "each event once, in the group's order")
        XCTAssertEqual(try spool.entries(in: .sent).count, 40)
        XCTAssertEqual(try spool.entries(in: .tmp), [])
    }

    func testAFileGoesOnlyOnceEveryEventInItWasAcknowledged() throws {
        let name = "00001795262700000-1-00000001.jsonl"
        let lines = #"{"job":"a"}"# + "\n" + #"{"job":"b"}"# + "\n"
        try Data(lines.utf8).write(to: URL(fileURLWithPath: "\(spool.eventsPath)/\(name)"))
        let legacy = "00001795262600000-1-2-old.json"
        try Data(#"{"job":"old"}"#.utf8).write(to: URL(fileURLWithPath: "\(spool.eventsPath)/\(legacy)"))
        let stream = EventStream(spool: spool)
        let events = try stream.pending()
        XCTAssertEqual(events.compactMap { $0.object["job"]?.stringValue }, ["old", "a", "b"], "oldest first, then in file order")
        try stream.acknowledge(Array(events.prefix(2)))
        XCTAssertEqual(try spool.eventNames(), [name], "half a file handled: it stays")
        XCTAssertEqual(try stream.pending().compactMap { $0.object["job"]?.stringValue }, ["a", "b"], "and is read again whole")
        try stream.acknowledge(try stream.pending())
        XCTAssertEqual(try spool.eventNames(), [])
    }

    func testAFileWithADamagedLineIsLeftWholeForAnOperator() throws {
        let name = "00001795262700000-1-00000001.jsonl"
        try Data("{\"job\":\"a\"}\nnot json\n".utf8).write(to: URL(fileURLWithPath: "\(spool.eventsPath)/\(name)"))
        let stream = EventStream(spool: spool)
        XCTAssertEqual(try stream.pending().count, 0)
        try stream.acknowledge(try stream.pending())
        XCTAssertEqual(try spool.eventNames(), [name])
    }
}
