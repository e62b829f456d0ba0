// JSONValueParseTests.swift — the parser on RFC 8259's examples, tricky inputs, and against JSONSerialization.
import XCTest
@testable import HikyakuBase

final class JSONValueParseTests: XCTestCase {
    func parse(_ text: String, _ options: JSONParseOptions = .strict) throws -> JSONValue {
        try JSONValue.parse(Data(text.utf8), options: options)
    }

    func assertError(_ text: String, _ expected: JSONParseError, _ options: JSONParseOptions = .strict, line: UInt = #line) {
        XCTAssertThrowsError(try parse(text, options), text.debugDescription, line: line) { error in
            XCTAssertEqual(error as? JSONParseError, expected, text.debugDescription, line: line)
        }
    }

    func testRFC8259Examples() throws {
        let image = """
            {
              "Image": {
                  "Width":  800,
                  "Height": 600,
                  "Title":  "View from 15th Floor",
                  "Thumbnail": {
                      "Url":    "http://www.example.com/image/481989943",
                      "Height": 125,
                      "Width":  100
                  },
                  "Animated" : false,
                  "IDs": [116, 943, 234, 38793]
                }
            }
            """
        let parsed = try parse(image)
        XCTAssertEqual(parsed["Image"]?["Thumbnail"]?["Url"]?.stringValue, "http://www.example.com/image/481989943")
        XCTAssertEqual(parsed["Image"]?["IDs"], [116, 943, 234, 38793])
        XCTAssertEqual(parsed["Image"]?["Animated"]?.boolValue, false)
        let places = """
            [
              {"precision": "zip", "Latitude": 37.7668, "Longitude": -122.3959, "Address": "",
               "City": "SAN FRANCISCO", "State": "CA", "Zip": "94107", "Country": "US"},
              {"precision": "zip", "Latitude": 37.371991, "Longitude": -122.026020, "Address": "",
               "City": "SUNNYVALE", "State": "CA", "Zip": "94085", "Country": "US"}
            ]
            """
        let list = try XCTUnwrap(try parse(places).arrayValue)
        XCTAssertEqual(list.count, 2)
        XCTAssertEqual(list[1]["Longitude"]?.doubleValue, -122.026020)
        XCTAssertEqual(list[0]["Zip"]?.stringValue, "94107")
        XCTAssertEqual(try parse("\"Hello world!\""), "Hello world!")
        XCTAssertEqual(try parse("42"), 42)
        XCTAssertEqual(try parse(" true "), true)
        XCTAssertEqual(try parse("null"), .null)
    }

    func testStringsAndEscapes() throws {
        XCTAssertEqual(try parse(#""\"\\\/\b\f\n\r\t""#), "\"\\/\u{8}\u{c}\n\r\t")
        XCTAssertEqual(try parse(#""\u00e9\u00C9\u0000 é""#), "éÉ\u{0} é")
        XCTAssertEqual(try parse(#""\uD83D\uDE00 😀""#), "😀 😀")
        XCTAssertEqual(try parse(#""\u2028\uFFFF""#), "\u{2028}\u{FFFF}")
        assertError(#""\ud800""#, .loneSurrogate(offset: 1))
        assertError(#""\ude00\ud800""#, .loneSurrogate(offset: 1))
        assertError(#""\ud83dx""#, .loneSurrogate(offset: 1))
        assertError(#""\ud83d\u0041""#, .loneSurrogate(offset: 1))
        assertError(#""a\x""#, .invalidEscape(offset: 2))
        assertError(#""\u12G4""#, .invalidEscape(offset: 1))
        assertError("\"x\ty\"", .controlCharacter(0x09, offset: 2))
        assertError("\"x\\n\u{1}\"", .controlCharacter(0x01, offset: 4))
        assertError("\"open", .unexpectedEnd)
        XCTAssertThrowsError(try JSONValue.parse(Data([0x22, 0xFF, 0x22]))) {
            XCTAssertEqual($0 as? JSONParseError, .invalidUTF8(offset: 0))
        }
        XCTAssertThrowsError(try JSONValue.parse(Data([0x22, 0xED, 0xA0, 0x80, 0x22]))) {
            XCTAssertEqual($0 as? JSONParseError, .invalidUTF8(offset: 0))
        }
        XCTAssertThrowsError(try JSONValue.parse(Data([0x22, 0xC0, 0x80, 0x22])))
        XCTAssertThrowsError(try JSONValue.parse(Data([0x22, 0x5C, 0x6E, 0xC3, 0x22])))
    }

    func testNumbers() throws {
        XCTAssertEqual(try parse("0"), .int(0))
        XCTAssertEqual(try parse("-0"), .int(0))
        XCTAssertEqual(try parse("-0.0"), .double(-0.0))
        XCTAssertEqual(try parse("1.0"), .double(1))
        XCTAssertEqual(try parse("1e2"), .double(100))
        XCTAssertEqual(try parse("2.5E+3"), .double(2500))
        XCTAssertEqual(try parse("1E-2"), .double(0.01))
        XCTAssertEqual(try parse("9223372036854775807"), .int(Int.max))
        XCTAssertEqual(try parse("-9223372036854775808"), .int(Int.min))
        XCTAssertEqual(try parse("9223372036854775808"), .double(9_223_372_036_854_775_808))
        XCTAssertEqual(try parse("-9223372036854775809"), .double(-9.223372036854775808e18))
        XCTAssertEqual(try parse("123456789012345678901234567890"), .double(1.2345678901234568e29))
        XCTAssertEqual(try parse("1e-400"), .double(0))
        assertError("1e400", .numberOutOfRange(offset: 0))
        assertError("01", .leadingZero(offset: 0))
        assertError("-01", .leadingZero(offset: 0))
        assertError("[00]", .leadingZero(offset: 1))
        assertError(".5", .unexpectedByte(UInt8(ascii: "."), offset: 0))
        assertError("5.", .unexpectedEnd)
        assertError("[5.]", .unexpectedByte(UInt8(ascii: "]"), offset: 3))
        assertError("+5", .unexpectedByte(UInt8(ascii: "+"), offset: 0))
        assertError("-", .unexpectedEnd)
        assertError("1e+", .unexpectedEnd)
        assertError("[1e]", .unexpectedByte(UInt8(ascii: "]"), offset: 3))
        assertError("NaN", .unexpectedByte(UInt8(ascii: "N"), offset: 0))
        assertError("[Infinity]", .unexpectedByte(UInt8(ascii: "I"), offset: 1))
        assertError("0x10", .trailingData(offset: 1))
    }

    func testStructure() throws {
        XCTAssertEqual(try parse(" { \"a\" : [ ] , \"b\" : { } }\n\r\t"), ["a": [], "b": [:]])
        assertError("{\"a\":1} x", .trailingData(offset: 8))
        assertError("{\"a\":1}{", .trailingData(offset: 7))
        assertError("{\"a\":1}\u{0}", .trailingData(offset: 7))
        assertError("", .unexpectedEnd)
        assertError("   ", .unexpectedEnd)
        assertError("{\"a\" 1}", .unexpectedByte(UInt8(ascii: "1"), offset: 5))
        assertError("{a:1}", .unexpectedByte(UInt8(ascii: "a"), offset: 1))
        assertError("[1 2]", .unexpectedByte(UInt8(ascii: "2"), offset: 3))
        assertError("{,}", .unexpectedByte(UInt8(ascii: ","), offset: 1))
        assertError("[1,,]", .unexpectedByte(UInt8(ascii: ","), offset: 3))
        assertError("tru", .unexpectedEnd)
        assertError("[nul]", .unexpectedByte(UInt8(ascii: "]"), offset: 4))
        assertError("{\"a\":1\u{A0}}", .unexpectedByte(0xC2, offset: 6))
    }

    func testLenienciesAreOptions() throws {
        assertError("{\"a\":1,}", .trailingComma(offset: 6))
        assertError("[1,]", .trailingComma(offset: 2))
        XCTAssertEqual(try parse("{\"a\":[1,],}", .foundationCompatible), ["a": [1]])
        assertError("\u{FEFF}{\"a\":1}", .byteOrderMark)
        XCTAssertEqual(try parse("\u{FEFF}{\"a\":1}", .foundationCompatible), ["a": 1])
        assertError("\u{FEFF}\u{FEFF}{}", .unexpectedByte(0xEF, offset: 3), .foundationCompatible)
        // A byte order mark inside a string is a character like any other.
        XCTAssertEqual(try parse("\"\u{FEFF}x\""), "\u{FEFF}x")
        for encoding: String.Encoding in [.utf16, .utf16LittleEndian, .utf16BigEndian, .utf32BigEndian, .utf32LittleEndian, .utf32] {
            let data = try XCTUnwrap("{\"a\":\"é😀\"}".data(using: encoding))
            XCTAssertEqual(try JSONValue.parse(data, options: .foundationCompatible), ["a": "é😀"], "\(encoding)")
            XCTAssertThrowsError(try JSONValue.parse(data), "\(encoding) is refused when strict")
        }
    }

    func testDuplicateKeysAreReportedOrLastWins() throws {
        assertError("{\"a\":1,\"b\":2,\"a\":3}", .duplicateKey("a", offset: 13))
        assertError("{\"x\":{\"k\":1,\"k\":1}}", .duplicateKey("k", offset: 12))
        XCTAssertEqual(try parse("{\"a\":1,\"b\":2,\"a\":3}", .foundationCompatible), ["a": 3, "b": 2])
        var options = JSONParseOptions.foundationCompatible
        options.duplicateKeys = .reject
        assertError("{\"a\":1,\"a\":2}", .duplicateKey("a", offset: 7), options)
        XCTAssertTrue(JSONParseError.duplicateKey("a\nb", offset: 3).description.contains("duplicate key"))
    }

    func testDeepNesting() throws {
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNoThrow(try parse(deep))
        assertError("[" + deep + "]", .tooDeep(limit: 512))
        assertError(String(repeating: "{\"a\":", count: 100_000), .tooDeep(limit: 512))
        var shallow = JSONParseOptions.strict
        shallow.maxDepth = 2
        XCTAssertNoThrow(try parse("[[1]]", shallow))
        assertError("[[[1]]]", .tooDeep(limit: 2), shallow)
    }

    func testAccessors() throws {
        let value = try parse(#"{"s":"x","i":3,"d":1.5,"b":true,"n":null,"o":{"k":[1]}}"#)
        XCTAssertEqual(value["s"]?.stringValue, "x")
        XCTAssertEqual(value["i"]?.intValue, 3)
        XCTAssertEqual(value["i"]?.doubleValue, 3)
        XCTAssertNil(value["d"]?.intValue)
        XCTAssertEqual(value["d"]?.doubleValue, 1.5)
        XCTAssertEqual(value["b"]?.boolValue, true)
        XCTAssertNil(value["i"]?.boolValue)
        XCTAssertEqual(value["n"]?.isNull, true)
        XCTAssertEqual(value["o"]?.objectValue?["k"]?.arrayValue, [1])
        XCTAssertNil(value["missing"])
        XCTAssertNil(value["s"]?["k"])
        XCTAssertEqual(JSONValue(nil as String?), .null)
        XCTAssertEqual(JSONValue(Optional(2)), .int(2))
    }
}
