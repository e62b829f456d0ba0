// JSONTextTests.swift — the hand-written JSON is byte-for-byte JSONSerialization's, or falls back to it.
import XCTest
@testable import HikyakuBase

final class JSONTextTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func foundation(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    func assertSame(_ object: [String: Any], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(
            String(decoding: JSONText.data(object), as: UTF8.self), String(decoding: foundation(object), as: UTF8.self),
            label, file: file, line: line)
    }

    func testEveryFixtureJobMatches() throws {
        for folder in ["fixtures/jobs", "fixtures/bad-jobs"] {
            let directory = repository.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                guard let job = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                assertSame(job, name)
            }
        }
    }

    func testLogShapedObjectsMatch() {
        assertSame(
            [
                "time": "2026-11-21T12:05:00.123Z", "event": "delivered", "job": "a-1", "code": 250, "attempt": 1,
                "duration_ms": 0, "possible_duplicate": true, "reply": "250 2.0.0 Ok: queued as 1A2B/3C",
                "kind": "otp_code", "once": false, "count": -7,
            ], "log line")
        assertSame(
            ["text": "日本語 \u{7f} \u{2028} \u{0}\u{8}\u{c}\n\r\"\\/", "nested": ["a": [1, "x", NSNull(), ["b": false]]]],
            "escapes and nesting")
        assertSame([:], "empty")
    }

    func testShapesItDoesNotHandleFallBackToFoundation() {
        // Keys whose Foundation order differs from byte order, and numbers it formats its own way.
        let objects: [[String: Any]] = [
            ["a10": 1, "a2": 2, "a1": 3], ["B": 1, "a": 2, "_": 3], ["x": 2.5, "y": 3.0, "z": 1e21, "w": 0.1 + 0.2],
            ["n": NSNumber(value: 1.5)], ["u": UInt8(7)], ["é": 1],
        ]
        for (index, object) in objects.enumerated() { assertSame(object, "fallback \(index)") }
        var out: [UInt8] = []
        XCTAssertFalse(JSONText.write(["a1": 1] as [String: Any], into: &out), "digit keys are left to Foundation")
        XCTAssertFalse(JSONText.write(["x": 2.5] as [String: Any], into: &out), "fractions are left to Foundation")
    }
}
