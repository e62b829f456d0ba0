// PunycodeTests.swift — Punycode against every RFC 3492 §7.1 sample (fixtures/vectors), and IDNA's label rules.
import Foundation
import XCTest
@testable import HikyakuBase

final class PunycodeTests: XCTestCase {
    /// The samples of `fixtures/vectors/punycode-rfc3492.json`: (sample letter, code points, Punycode).
    private func samples() throws -> [(name: String, scalars: [Unicode.Scalar], encoded: String)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/vectors/punycode-rfc3492.json")
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let list = try XCTUnwrap(doc["vectors"] as? [[String: Any]])
        return try list.map { v in
            let points = try XCTUnwrap(v["code_points"] as? String).split(separator: " ")
            let scalars = try points.map { try XCTUnwrap(UInt32($0, radix: 16).flatMap(Unicode.Scalar.init)) }
            return (try XCTUnwrap(v["sample"] as? String), scalars, try XCTUnwrap(v["punycode"] as? String))
        }
    }

    func testEveryRFC3492SampleBothWays() throws {
        let all = try samples()
        XCTAssertEqual(all.map(\.name).joined(), "ABCDEFGHIJKLMNOPQRS", "all of §7.1")
        for sample in all {
            XCTAssertEqual(Punycode.encode(sample.scalars), sample.encoded, sample.name)
            XCTAssertEqual(Punycode.decode(sample.encoded), sample.scalars, sample.name)
            // Digits (after the last hyphen) in either case; basic code points keep theirs.
            let split = sample.encoded.lastIndex(of: "-").map { sample.encoded.index(after: $0) } ?? sample.encoded.startIndex
            let upper = String(sample.encoded[..<split]) + sample.encoded[split...].uppercased()
            XCTAssertEqual(Punycode.decode(upper), sample.scalars, "\(sample.name): digits in either case")
        }
    }

    func testBrokenPunycodeIsRefused() {
        for text in ["99999999999999", "a-b-c-!", "é", "-", "ab-9"] {
            XCTAssertNil(Punycode.decode(text), text)
        }
    }

    func testIDNAMakesALabelsFromLowerCasedNFCLabels() throws {
        XCTAssertEqual(try IDNA.asciiDomain("例え.jp"), "xn--r8jz45g.jp")
        XCTAssertEqual(try IDNA.asciiDomain("ドメイン名例。jp"), "xn--eckwd4c7cu47r2wf.jp", "an ideographic full stop is a dot")
        XCTAssertEqual(try IDNA.asciiDomain("BÜCHER.example"), "xn--bcher-kva.example", "lower-cased")
        XCTAssertEqual(try IDNA.asciiDomain("bu\u{308}cher.example"), "xn--bcher-kva.example", "NFC")
        XCTAssertEqual(try IDNA.asciiDomain("Example.COM"), "Example.COM", "ASCII is left to the address rules")
        XCTAssertEqual(IDNA.unicodeDomain("xn--r8jz45g.jp"), "例え.jp")
        XCTAssertEqual(IDNA.unicodeDomain("XN--BCHER-KVA.example"), "bücher.example")
        XCTAssertEqual(IDNA.unicodeDomain("xn--abc-.jp"), "xn--abc-.jp", "not an A-label: left as it is")
        XCTAssertEqual(IDNA.unicodeDomain("xn--zzzz.jp"), "xn--zzzz.jp")
    }

    func testIDNARefusesWhatALabelMayNotBe() {
        func problem(_ domain: String) -> String? {
            do {
                _ = try IDNA.asciiDomain(domain)
                return nil
            } catch {
                return error.description
            }
        }
        XCTAssertEqual(problem("-例え.jp"), "domain label \"-例え\" starts or ends with a hyphen")
        XCTAssertEqual(problem("例え-.jp"), "domain label \"例え-\" starts or ends with a hyphen")
        XCTAssertEqual(problem("例え--な.jp"), "domain label \"例え--な\" has hyphens in positions 3 and 4")
        XCTAssertEqual(problem("\u{301}例え.jp"), "domain label \"\u{301}例え\" starts with a combining mark")
        XCTAssertEqual(problem("例え😀.jp"), "domain label \"例え😀\" may not contain U+1F600 (letters, digits and hyphens only)")
        XCTAssertEqual(problem("例\u{202E}え.jp"), "domain label \"例\\u{202e}え\" may not contain U+202E (letters, digits and hyphens only)")
        let long = String(String.UnicodeScalarView((0..<30).compactMap { Unicode.Scalar(0x4E00 + $0 * 37) }))
        XCTAssertTrue(problem(long + ".jp")?.hasSuffix("octets as an A-label (limit 63)") == true, problem(long + ".jp") ?? "accepted")
    }

    func testTheALabelScanAgreesWithALowerCasedSearch() {
        let samples = [
            "", "xn-", "xn--", "XN--", "Xn--R8JZ45G.jp", "example.co.jp", "x-n--a.jp", "xn-a.jp", "a.xn--zckzah", "例え.jp", "xnxn--",
            "\r\n--", "ＸＮ--a.jp", "xn\u{2010}\u{2010}a", "sub.XN--eckwd4c7c.XN--ZCKZAH",
        ]
        for sample in samples {
            XCTAssertEqual(IDNA.mayHoldALabel(sample), sample.lowercased().contains("xn--"), sample)
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("xXnN-.a例")
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            XCTAssertEqual(IDNA.mayHoldALabel(text), text.lowercased().contains("xn--"), text)
        }
        XCTAssertEqual(IDNA.unicodeDomain("XN--R8JZ45G.jp"), "例え.jp")
        XCTAssertEqual(IDNA.unicodeDomain("example.co.jp"), "example.co.jp")
    }
}
