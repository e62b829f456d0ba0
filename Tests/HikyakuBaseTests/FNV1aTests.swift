// FNV1aTests.swift — FNV-1a 64 against the published test vectors, whole and combined.
import XCTest

@testable import HikyakuBase

final class FNV1aTests: XCTestCase {
    /// Vectors from the FNV reference (Fowler, Noll, Vo: test_fnv.c, FNV-1a 64).
    func testPublishedVectors() {
        XCTAssertEqual(FNV1a.hash(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(FNV1a.hash("a"), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(FNV1a.hash("foobar"), 0x8594_4171_f739_67e8)
    }

    func testEmptyIsTheOffsetBasis() {
        XCTAssertEqual(FNV1a().value, FNV1a.offsetBasis)
        XCTAssertEqual(FNV1a.hash([UInt8]()), FNV1a.offsetBasis)
    }

    func testBytesAndTextAgree() {
        let text = "件名 subject"
        XCTAssertEqual(FNV1a.hash(Array(text.utf8)), FNV1a.hash(text))
    }

    func testCombiningInPiecesEqualsHashingTheWhole() {
        var hasher = FNV1a()
        hasher.combine("foo".utf8)
        hasher.combine([UInt8]("bar".utf8))
        XCTAssertEqual(hasher.value, FNV1a.hash("foobar"))
    }
}
