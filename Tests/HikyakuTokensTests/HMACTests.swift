// HMACTests.swift — HMAC-SHA256 against all seven RFC 4231 test cases in fixtures/vectors/.
import XCTest
@testable import HikyakuTokens

final class HMACTests: XCTestCase {
    func testRFC4231Cases1Through7() throws {
        let doc = try TokenTestSupport.loadVectors("hmac-sha256-rfc4231.json")
        let cases = try XCTUnwrap(doc["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.compactMap { $0["case"] as? Int }, [1, 2, 3, 4, 5, 6, 7])
        for c in cases {
            let number = try XCTUnwrap(c["case"] as? Int)
            let key = try XCTUnwrap(Base16.decode(try XCTUnwrap(c["key_hex"] as? String)))
            let data = try XCTUnwrap(Base16.decode(try XCTUnwrap(c["data_hex"] as? String)))
            let expected = try XCTUnwrap(c["mac_hex"] as? String)
            let bits = try XCTUnwrap(c["truncate_bits"] as? Int)
            let mac = HMACSHA256.authenticationCode(for: data, key: key)
            XCTAssertEqual(Base16.encode(Array(mac.prefix(bits / 8))), expected, "RFC 4231 case \(number)")
            XCTAssertEqual(expected.count * 4, bits, "case \(number) vector length")
        }
    }

    func testKeyedInstanceIsReusable() {
        let hmac = HMACSHA256(key: Array("Jefe".utf8))
        let once = hmac.authenticationCode(for: "what do ya want for nothing?")
        let twice = hmac.authenticationCode(for: "what do ya want for nothing?")
        XCTAssertEqual(once, twice)
        XCTAssertEqual(Base16.encode(once), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertNotEqual(hmac.authenticationCode(for: "other"), once)
    }

    func testDescriptionAndDumpRevealNoKeyMaterial() {
        let key = [UInt8](repeating: 0x5a, count: 32)
        let hmac = HMACSHA256(key: key)
        var dumped = ""
        dump(hmac, to: &dumped)
        for text in ["\(hmac)", String(reflecting: hmac), dumped] {
            for leak in ["inner", "outer", "state", "tail", "5a5a"] {
                XCTAssertFalse(text.contains(leak), "\(leak) shows in: \(text)")
            }
        }
    }

    func testConstantTimeEquals() {
        XCTAssertTrue(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(ConstantTime.equals([1, 2, 3], [1, 2]))
        XCTAssertFalse(ConstantTime.equals([], [0]))
        XCTAssertTrue(ConstantTime.equals([], []))
        XCTAssertTrue(ConstantTime.equals("ab12", "ab12"))
        XCTAssertFalse(ConstantTime.equals("ab12", "ab13"))
    }
}
