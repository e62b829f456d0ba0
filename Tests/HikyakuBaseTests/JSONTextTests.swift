// JSONTextTests.swift — the hand-written JSON of a JSONValue is byte-for-byte JSONSerialization's.
import XCTest
@testable import HikyakuBase

final class JSONTextTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func foundation(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    func assertSame(_ value: JSONValue, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(
            String(decoding: JSONText.data(value), as: UTF8.self), String(decoding: foundation(value.foundationObject), as: UTF8.self),
            label, file: file, line: line)
    }

    func testEveryFixtureJobMatches() throws {
        var compared = 0
        for folder in ["fixtures/jobs", "fixtures/bad-jobs"] {
            let directory = repository.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                // Foundation's own parse written by Foundation, against this parser's written by JSONText.
                let parsed = try JSONValue.parse(data, options: .foundationCompatible)
                XCTAssertEqual(
                    String(decoding: JSONText.data(parsed), as: UTF8.self), String(decoding: foundation(object), as: UTF8.self), name)
                assertSame(parsed, name)
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 15)
    }

    func testLogShapedObjectsMatch() {
        assertSame(
            [
                "time": "2026-11-21T12:05:00.123Z", "event": "delivered", "job": "a-1", "code": 250, "attempt": 1,
                "duration_ms": 0, "possible_duplicate": true, "reply": "250 2.0.0 Ok: queued as 1A2B/3C",
                "kind": "otp_code", "once": false, "count": -7,
            ], "log line")
        assertSame(
            ["text": "日本語 \u{7f} \u{2028} \u{0}\u{8}\u{c}\n\r\"\\/", "nested": ["a": [1, "x", .null, ["b": false]]]],
            "escapes and nesting")
        assertSame([:], "empty")
        assertSame(["min": .int(Int.min), "max": .int(Int.max), "zero": 0], "integer limits")
    }

    func testKeysAndNumbersFoundationOrdersAndFormatsItsOwnWay() {
        // Keys whose Foundation order differs from byte order, and numbers Foundation formats its own way.
        let values: [JSONValue] = [
            ["a10": 1, "a2": 2, "a1": 3], ["B": 1, "a": 2, "_": 3], ["x": 2.5, "y": 3.0, "z": 1e21, "w": .double(0.1 + 0.2)],
            ["é": 1, "e": 2, "f": 3, "E": 4], ["p50": 1.5, "p99": 2, "max": 3, "Z9": 4, "z10": 5],
            ["d": [1e-7, -0.0, 1e16, 123456789.125, 0.000001, 5e-324, 1.7976931348623157e308, 100.0, -2.5e-3]],
        ]
        for (index, value) in values.enumerated() { assertSame(value, "shape \(index)") }
    }

    func testNonFiniteDoublesCannotBeWritten() {
        XCTAssertNil(JSONText.bytes(["x": .double(.nan)]))
        XCTAssertNil(JSONText.bytes([.double(.infinity)]))
        XCTAssertEqual(JSONText.data(["x": .double(-.infinity)]), Data())
        var out: [UInt8] = []
        XCTAssertFalse(JSONText.write(["x": .double(.nan)], into: &out))
    }

    func testQuoteEscapesAsTheWriter() {
        XCTAssertEqual(JSONText.quote("a\"b\\c/\u{1}\n"), "\"a\\\"b\\\\c/\\u0001\\n\"")
    }
}
