// JSONDocumentTests.swift — a spool file's checks and shapes: what was refused, and how, before the parser changed.
import XCTest
@testable import HikyakuBase

final class JSONDocumentTests: XCTestCase {
    func object(_ text: String) throws -> [String: JSONValue] {
        try JSONDocument.object(Data(text.utf8))
    }

    func testTopLevelShapes() throws {
        XCTAssertEqual(try object(#" {"a":[1,{"b":null}]} "#), ["a": [1, ["b": .null]]])
        for text in [#""x""#, "1", "true", "null", "", "{", "{} x"] {
            XCTAssertThrowsError(try object(text), text) {
                XCTAssertEqual($0 as? JSONDocument.Problem, .notJSON(detail: "the file does not parse as JSON"), text)
            }
        }
        XCTAssertThrowsError(try object("[1]")) {
            XCTAssertEqual($0 as? JSONDocument.Problem, .notJSON(detail: "top level is not an object"))
        }
    }

    func testFoundationsLeniencyIsKeptButAKeyNamedTwiceIsRefused() throws {
        XCTAssertEqual(try object("\u{FEFF}{\"a\":1,\"b\":[3,],}"), ["a": 1, "b": [3]])
        for text in [#"{"a":1,"a":2}"#, #"{"a":{"b":1,"b":1}}"#, #"{"a":[{"c":1},{"c":2,"c":3}]}"#] {
            XCTAssertThrowsError(try object(text), text) {
                XCTAssertEqual(
                    $0 as? JSONDocument.Problem, .duplicateKey(text.contains("\"c\"") ? "c" : text.contains("\"b\"") ? "b" : "a"))
            }
        }
        XCTAssertEqual(try JSONDocument.object(Data(#"{"a":1,"a":2}"#.utf8), options: .foundationCompatible), ["a": 2])
        let utf16 = try XCTUnwrap("{\"kind\":\"otp_code\"}".data(using: .utf16))
        XCTAssertEqual(try JSONDocument.object(utf16), ["kind": "otp_code"])
        XCTAssertThrowsError(try JSONDocument.object(Data(#"{"a":1,}"#.utf8), options: .strict)) {
            XCTAssertEqual($0 as? JSONDocument.Problem, .notJSON(detail: "the file does not parse as JSON"))
        }
    }

    func testLimitsComeFirst() {
        let deep = String(repeating: "[", count: 9) + String(repeating: "]", count: 9)
        XCTAssertThrowsError(try object("{\"a\":\(deep)}")) { XCTAssertEqual($0 as? JSONDocument.Problem, .tooDeep(limit: 8)) }
        let big = Data(repeating: 0x20, count: JSONDocument.maxBytes + 1)
        XCTAssertThrowsError(try JSONDocument.object(big)) {
            XCTAssertEqual($0 as? JSONDocument.Problem, .tooLarge(bytes: JSONDocument.maxBytes + 1, limit: JSONDocument.maxBytes))
        }
    }
}
