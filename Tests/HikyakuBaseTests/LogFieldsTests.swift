// LogFieldsTests.swift — log lines are JSONSerialization's bytes for the same fields; other field types drop the line.
import XCTest
@testable import HikyakuBase

final class LogFieldsTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_795_262_700.125)

    func line(_ fields: [String: (any Sendable)?]) -> String? {
        let collector = LineCollector()
        Log(sink: .collect(collector), clock: FixedClock(now)).event("delivered", fields)
        return collector.lines.first
    }

    func testALineIsFoundationsBytes() throws {
        let fields: [String: (any Sendable)?] = [
            "job": "a-1", "code": 250, "possible_duplicate": false, "seconds": 1.5, "whole": 3.0, "reply": "250 ok/queued \"x\"\n",
            "absent": nil, "json": JSONValue.array([1, "x"]),
        ]
        let expected: [String: Any] = [
            "time": Timestamp.iso8601(now, fractional: true), "event": "delivered", "job": "a-1", "code": 250,
            "possible_duplicate": false, "seconds": 1.5, "whole": 3.0, "reply": "250 ok/queued \"x\"\n", "json": [1, "x"],
        ]
        let reference = try JSONSerialization.data(withJSONObject: expected, options: [.sortedKeys, .withoutEscapingSlashes])
        XCTAssertEqual(line(fields), String(decoding: reference, as: UTF8.self) + "\n")
    }

    func testOtherTypesAndNonFiniteNumbersDropTheLine() {
        XCTAssertNil(line(["when": Date()]))
        XCTAssertNil(line(["ratio": Double.nan]))
        XCTAssertNotNil(line(["ok": "yes"]))
    }

    /// A field named "time" or "event" replaces the line's own (as the dictionary did); a nil one does not.
    func testTimeAndEventFieldsReplaceTheDefaults() {
        let stamp = Timestamp.iso8601(now, fractional: true)
        XCTAssertEqual(line(["time": "t", "event": "e"]), #"{"event":"e","time":"t"}"# + "\n")
        XCTAssertEqual(line(["time": nil, "b": 1]), #"{"b":1,"event":"delivered","time":""# + stamp + #""}"# + "\n")
    }
}
