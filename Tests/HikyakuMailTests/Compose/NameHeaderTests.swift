// NameHeaderTests.swift — display names as GMime readers and strict decoders read them, folded within 78 octets.
import Foundation
import XCTest
import HikyakuBase
@testable import HikyakuMail

/// Issue 13, items 2 and 7: every fixture with long and mixed names, in UTF-8 and ISO-2022-JP,
/// judged by Python's `email` and by `StrictRFC2047Decoder`.
final class NameHeaderTests: XCTestCase {
    /// Names that once broke: padded words inside a run, no whitespace to fold at, off-alignment runs.
    static let names = [
        "ABC株式会社 営業本部 Sales Dept. 山田 太郎",
        String(repeating: "A", count: 200),
        String(repeating: "Yamada.Taro", count: 18),
        "\"Quoted\" " + String(repeating: "x", count: 190),
        "a" + String(repeating: "山", count: 127),
        String(repeating: "ABC株式会社 営業本部 Sales Dept. 山田 太郎 ", count: 5).trimmingCharacters(in: .whitespaces),
        String(repeating: "Ω山α", count: 40),
    ]
    static let utf8Only = ["x" + String(repeating: "😀", count: 40), String(repeating: "Ωé", count: 70)]

    /// What GMime 3.2 shows: each run of adjacent B words of one charset as one base64 stream, cut at the first `=`.
    static func gmimeReading(_ header: String) -> String {
        let tokens = header.replacingOccurrences(of: "\r\n", with: "").split(separator: " ")
        var out = "", stream = ""
        func flush() {
            // Everything before the first "=", as far as it decodes.
            var valid = String(stream.prefix { $0 != "=" })
            if valid.count % 4 == 1 { valid.removeLast() }
            valid += String(repeating: "=", count: (4 - valid.count % 4) % 4)
            let data = Data(base64Encoded: valid) ?? Data()
            out += String(decoding: data, as: UTF8.self)
            stream = ""
        }
        for token in tokens {
            if token.hasPrefix("=?UTF-8?B?") && token.hasSuffix("?=") {
                stream += token.dropFirst(10).dropLast(2)
            } else {
                flush()
                if token.hasPrefix("=?UTF-8?Q?") {
                    out += HeaderDecoder.decodeWords(String(token))
                } else if !token.hasSuffix(":") {
                    out += (out.isEmpty ? "" : " ") + token
                }
            }
        }
        flush()
        return out
    }

    func testMixedNameIsNotCutShortInGMimeReaders() throws {
        let name = Self.names[0]
        let mail = try compose("password_reset-ja", name: name, charsets: [:])
        let to = try XCTUnwrap(header("To", of: mail))
        XCTAssertEqual(Self.gmimeReading(to), "\(name) <omori@example.co.jp>", to)
        XCTAssertEqual(try StrictRFC2047Decoder.decode(String(to.dropFirst(3))), " \(name) <omori@example.co.jp>")
        let verdict = try XCTUnwrap(EmailJudge.judge([mail.bytes], testCase: self).first)
        XCTAssertEqual((verdict["legacy_values"] as? [String: String])?["To"], "\(name) <omori@example.co.jp>")
    }

    func testPaddedWordInsideARunIsRefusedByTheStrictDecoder() {
        // What the encoder wrote before: a word padded (4 bytes), then the rest.
        XCTAssertThrowsError(try StrictRFC2047Decoder.decode("=?UTF-8?B?QeWxsQ==?= =?UTF-8?B?5bGx?="))
        XCTAssertEqual(try StrictRFC2047Decoder.decode("=?UTF-8?Q?a?= =?UTF-8?B?5bGx?= x"), "a山 x")
    }

    func testEveryHeaderLineOfEveryFixtureFoldsWithinLimitsAndNamesDecodeBack() throws {
        for charsets in [[:], ["ja": "ISO-2022-JP", "en": "ISO-2022-JP"]] {
            let names = charsets.isEmpty ? Self.names + Self.utf8Only : Self.names
            var mails: [(label: String, name: String, mail: ComposedMail, address: String)] = []
            for fixture in MailFixtures.names {
                for name in names {
                    let job = try MailFixtures.job(fixture)
                    let mail = try compose(fixture, name: name, charsets: charsets)
                    mails.append(("\(fixture) \(charsets) \(name.prefix(12))", name, mail, job.to))
                }
            }
            let verdicts = try EmailJudge.judge(mails.map(\.mail.bytes), testCase: self)
            for ((label, name, mail, address), verdict) in zip(mails, verdicts) {
                XCTAssertNil(mail.charsetFallback, label)
                let head = String(decoding: mail.bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
                for line in head.components(separatedBy: "\r\n") {
                    XCTAssertLessThanOrEqual(line.utf8.count, 78, "\(label): \(line)")
                }
                XCTAssertLessThanOrEqual(verdict["header_max_line_length"] as? Int ?? 999, 78, label)
                XCTAssertEqual(verdict["defects"] as? [String], [], label)
                let expected = "\(name) <\(address)>"
                let to = try XCTUnwrap(header("To", of: mail), label)
                let strict = try StrictRFC2047Decoder.decode(String(to.dropFirst(3)))
                    .trimmingCharacters(in: .whitespaces)
                XCTAssertEqual(strict, expected, label)
                let legacy = (verdict["legacy_values"] as? [String: String])?["To"] ?? ""
                XCTAssertEqual(legacy, expected, label)
                if charsets.isEmpty { XCTAssertEqual(Self.gmimeReading(to), expected, label) }
            }
        }
    }

    // MARK: - Helpers

    private func compose(_ fixture: String, name: String, charsets: [String: String]) throws -> ComposedMail {
        var object = try MailFixtures.object(fixture)
        object["to_name"] = .string(name)
        let job = try JobParser.parse(object: object)
        return try MailFixtures.compose(fixture, job: job, composer: try MailFixtures.composer(charsets: charsets))
    }

    /// The folded `name:` field of `mail`, CRLFs kept.
    private func header(_ name: String, of mail: ComposedMail) -> String? {
        let head = String(decoding: mail.bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        var fields: [String] = []
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
                fields[fields.count - 1] += "\r\n" + line
            } else {
                fields.append(line)
            }
        }
        return fields.first { $0.hasPrefix("\(name):") }
    }
}
