// InboundFixtureTableTests.swift — every fixture in fixtures/inbound classifies as expected.json says, and README.md lists it.
import Foundation
import HikyakuBase
import XCTest

@testable import HikyakuService

final class InboundFixtureTableTests: XCTestCase {
    /// One recipient as expected.json states it.
    struct Expected: Equatable, CustomStringConvertible {
        var address: String
        var hard: Bool
        var reason: String
        var description: String { "\(address) \(hard ? "hard" : "soft") \(reason)" }
    }

    /// The `.eml` files directly in fixtures/inbound, sorted.
    static func fixtureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: InboundFixtureTests.fixtures.path).filter { $0.hasSuffix(".eml") }.sorted()
    }

    /// expected.json's `files` object.
    static func expectations() throws -> [String: JSONValue] {
        let data = try Data(contentsOf: InboundFixtureTests.fixtures.appendingPathComponent("expected.json"))
        return try XCTUnwrap(JSONValue.parse(data)["files"]?.objectValue, "expected.json has no files object")
    }

    func testEveryFixtureClassifiesAsExpected() throws {
        let expectations = try Self.expectations()
        let names = try Self.fixtureNames()
        XCTAssertGreaterThanOrEqual(names.count, 45)
        XCTAssertEqual(Set(expectations.keys), Set(names), "expected.json and the .eml files differ")
        for name in names {
            guard let entry = expectations[name] else { continue }
            let bytes = try [UInt8](Data(contentsOf: InboundFixtureTests.fixtures.appendingPathComponent(name)))
            let report = try InboundClassifier.classify(bytes)
            XCTAssertEqual(report.kind.rawValue, entry["kind"]?.stringValue, "\(name): kind")
            let expected = (entry["recipients"]?.arrayValue ?? []).map { recipient in
                Expected(
                    address: recipient["address"]?.stringValue ?? "?", hard: recipient["hard"]?.boolValue ?? false,
                    reason: recipient["reason"]?.stringValue ?? "?")
            }
            let got = report.recipients.map { Expected(address: $0.address, hard: $0.hard, reason: $0.reason.rawValue) }
            XCTAssertEqual(got, expected, "\(name)")
        }
    }

    func testEveryFixtureIsListedInTheREADME() throws {
        let readme = try String(contentsOf: InboundFixtureTests.fixtures.appendingPathComponent("README.md"), encoding: .utf8)
        for name in try Self.fixtureNames() {
            XCTAssertTrue(readme.contains("| `\(name)` |"), "fixtures/inbound/README.md has no row for \(name)")
        }
    }

    /// The Japanese fixtures are read through their charsets: the verdict comes from Japanese words.
    func testJapaneseBodiesAreDecoded() throws {
        let sjis = try InboundClassifier.classify(
            [UInt8](Data(contentsOf: InboundFixtureTests.fixtures.appendingPathComponent("jp-corporate-sjis-text.eml"))))
        XCTAssertEqual(sjis.recipients.first?.diagnostic, "理由: 宛先のメールアドレスは存在しません。")
        let euc = try InboundClassifier.classify(
            [UInt8](Data(contentsOf: InboundFixtureTests.fixtures.appendingPathComponent("jp-isp-eucjp-mailbox-full.eml"))))
        XCTAssertEqual(euc.recipients.first?.diagnostic, "理由: 受信者のメールボックスの容量がいっぱいです。(552 Mailbox full)")
        let message = try InboundPart.parse(
            [UInt8](Data(contentsOf: InboundFixtureTests.fixtures.appendingPathComponent("jp-isp-iso2022jp-dsn.eml"))))
        XCTAssertTrue(InboundClassifier.bodyText(message).contains("理由: 宛先不明（ユーザーが存在しません）"))
        XCTAssertEqual(message.headers.value("Subject"), "配信エラーのお知らせ (Undelivered Mail)")
    }
}
