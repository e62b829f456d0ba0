// SHA256Tests.swift — SHA-256 against the FIPS 180-4 / NIST vectors in fixtures/vectors/sha256.json.
import XCTest
@testable import HikyakuTokens

final class SHA256Tests: XCTestCase {
    /// The vectors: (name, message, expected hex digest).
    private func vectors() throws -> [(name: String, message: [UInt8], digest: String)] {
        let doc = try TokenTestSupport.loadVectors("sha256.json")
        let list = try XCTUnwrap(doc["vectors"] as? [[String: Any]])
        return try list.map { v in
            let ascii = try XCTUnwrap(v["message_ascii"] as? String)
            let repeatCount = try XCTUnwrap(v["repeat"] as? Int)
            let message = Array(Array(repeating: Array(ascii.utf8), count: repeatCount).joined())
            return (try XCTUnwrap(v["name"] as? String), message, try XCTUnwrap(v["digest_hex"] as? String))
        }
    }

    func testFIPSVectors() throws {
        let all = try vectors()
        XCTAssertEqual(all.count, 5, "empty, abc, 448-bit, 896-bit, one million 'a'")
        XCTAssertTrue(all.contains { $0.message.count == 1_000_000 })
        for v in all {
            XCTAssertEqual(Base16.encode(SHA256.hash(v.message)), v.digest, v.name)
        }
    }

    func testStreamingInAwkwardChunksMatchesOneShot() throws {
        for v in try vectors() {
            for chunk in [1, 3, 55, 56, 63, 64, 65, 127, 1000] where v.message.count < 200_000 || chunk >= 1000 {
                var hasher = SHA256()
                var offset = 0
                while offset < v.message.count {
                    let end = min(offset + chunk, v.message.count)
                    hasher.update(Array(v.message[offset..<end]))
                    offset = end
                }
                XCTAssertEqual(Base16.encode(hasher.finalize()), v.digest, "\(v.name) in chunks of \(chunk)")
            }
        }
    }

    func testPaddingBoundariesAgreeBetweenOneShotAndByteAtATime() {
        // Lengths around 55/56/64 bytes exercise both padding branches.
        for length in 0...130 {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var hasher = SHA256()
            for byte in message { hasher.update([byte]) }
            XCTAssertEqual(hasher.finalize(), SHA256.hash(message), "length \(length)")
        }
    }

    func testFinalizeLeavesTheHasherUsable() {
        var hasher = SHA256()
        hasher.update(Array("ab".utf8))
        let first = hasher.finalize()
        XCTAssertEqual(first, hasher.finalize())
        hasher.update(Array("c".utf8))
        XCTAssertEqual(
            Base16.encode(hasher.finalize()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testOneMegabyteIsReasonablyFast() {
        let message = [UInt8](repeating: 0x61, count: 1 << 20)
        let started = Date()
        _ = SHA256.hash(message)
        // Generous even for an unoptimised debug build on a shared machine.
        XCTAssertLessThan(Date().timeIntervalSince(started), 5.0)
    }
}
