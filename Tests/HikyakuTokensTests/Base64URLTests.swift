// Base64URLTests.swift — base64url (no padding) and hex: RFC 4648 vectors, strictness, round trips.
import XCTest
@testable import HikyakuTokens

final class Base64URLTests: XCTestCase {
    func testRFC4648VectorsWithoutPadding() {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base64URL.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(Base64URL.decode(encoded), Array(plain.utf8))
        }
    }

    func testURLSafeAlphabet() {
        XCTAssertEqual(Base64URL.encode([0xfb, 0xff, 0xbf]), "-_-_")
        XCTAssertEqual(Base64URL.encode([0xfb, 0xff]), "-_8")
        XCTAssertEqual(Base64URL.decode("-_-_"), [0xfb, 0xff, 0xbf])
    }

    func testDecodeRefusesNonCanonicalText() {
        for bad in ["Zg==", "Zg=", "Z", "Zh", "Zm9", "+_8", "/_8", "Zm 9v", " Zg", "Zg\n", "Zm9vY", "é"] {
            XCTAssertNil(Base64URL.decode(bad), "\(bad) must be refused")
        }
        XCTAssertNotNil(Base64URL.decode("Zm8"))
    }

    func testRoundTripsEveryLengthAndByte() {
        for length in 0...70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ length) }
            let text = Base64URL.encode(bytes)
            XCTAssertEqual(text.count, (length * 4 + 2) / 3)
            XCTAssertFalse(text.contains("="))
            XCTAssertEqual(Base64URL.decode(text), bytes)
        }
        let all = (0...255).map(UInt8.init)
        XCTAssertEqual(Base64URL.decode(Base64URL.encode(all)), all)
    }

    func testAThirtyTwoByteTokenIsFortyThreeCharacters() {
        XCTAssertEqual(Base64URL.encode([UInt8](repeating: 0xab, count: 32)).count, 43)
    }

    func testBase16() {
        XCTAssertEqual(Base16.encode([0x00, 0x0f, 0xa0, 0xff]), "000fa0ff")
        XCTAssertEqual(Base16.decode("000FA0ff"), [0x00, 0x0f, 0xa0, 0xff])
        XCTAssertNil(Base16.decode("abc"))
        XCTAssertNil(Base16.decode("zz"))
        XCTAssertEqual(Base16.decode(""), [])
    }
}
