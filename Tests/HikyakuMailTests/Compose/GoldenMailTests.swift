// GoldenMailTests.swift — every kind × locale, byte for byte, against fixtures/golden/*.eml.
import Foundation
import XCTest
@testable import HikyakuBase

/// Composes every fixture job with a pinned clock, job id, stamp and secret (so Date, Message-ID,
/// boundary, link and code are fixed) and compares the bytes with the committed golden files.
///
/// To regenerate after a deliberate change to templates or MIME, run
/// `HIKYAKU_UPDATE_GOLDEN=1 swift test --skip-build --disable-swift-testing --filter GoldenMailTests`
/// (the test then writes the files and reports itself skipped), read the result with
/// `python3 Tests/judge/email_judge.py fixtures/golden/*.eml`, and commit.
final class GoldenMailTests: XCTestCase {
    static let golden = MailFixtures.repository.appendingPathComponent("fixtures/golden")
    /// UTF-8 (the default) in `golden/`, and every language set to ISO-2022-JP in `golden/iso-2022-jp/`.
    static let variants: [(folder: String, charsets: [String: String])] = [
        ("", [:]), ("iso-2022-jp", ["ja": "ISO-2022-JP", "en": "ISO-2022-JP"]),
    ]

    var updating: Bool { ProcessInfo.processInfo.environment["HIKYAKU_UPDATE_GOLDEN"] == "1" }

    func testEveryKindAndLocaleMatchesItsGoldenFileByteForByte() throws {
        var written: [String] = []
        for variant in Self.variants {
            let composer = try MailFixtures.composer(charsets: variant.charsets)
            let folder = Self.golden.appendingPathComponent(variant.folder)
            for name in MailFixtures.names {
                let mail = try MailFixtures.compose(name, composer: composer)
                XCTAssertNil(mail.charsetFallback, "\(variant.folder)/\(name): \(mail.charsetFallback ?? "")")
                let url = folder.appendingPathComponent("\(name).eml")
                if updating {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    try Data(mail.bytes).write(to: url)
                    written.append(url.path)
                    continue
                }
                guard let expected = FileManager.default.contents(atPath: url.path) else {
                    XCTFail("\(url.path) is missing (HIKYAKU_UPDATE_GOLDEN=1 writes it)")
                    continue
                }
                if [UInt8](expected) != mail.bytes {
                    XCTFail("\(variant.folder)/\(name).eml differs: \(Self.firstDifference([UInt8](expected), mail.bytes))")
                }
            }
        }
        if updating { throw XCTSkip("wrote \(written.count) golden files; review them with the judge and commit") }
    }

    /// No stale or stray golden file: the folders hold exactly the names composed above.
    func testGoldenFoldersHoldExactlyTheComposedMessages() throws {
        for variant in Self.variants {
            let folder = Self.golden.appendingPathComponent(variant.folder)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
            XCTAssertEqual(files.sorted(), MailFixtures.names.map { "\($0).eml" }.sorted(), folder.path)
        }
    }

    /// The committed bytes still use CRLF only (git must not have converted them: `*.eml -text`).
    func testGoldenFilesAreCRLFOnly() throws {
        for variant in Self.variants {
            for name in MailFixtures.names {
                let url = Self.golden.appendingPathComponent(variant.folder).appendingPathComponent("\(name).eml")
                let bytes = [UInt8]((FileManager.default.contents(atPath: url.path)) ?? Data())
                XCTAssertFalse(bytes.isEmpty, url.path)
                XCTAssertTrue(MIMETestSupport.isCRLFOnly(bytes), "\(url.path) has a bare CR or LF")
                XCTAssertEqual(bytes.suffix(2), [0x0D, 0x0A], url.path)
            }
        }
    }

    /// "line N: expected …, got …" for the first line that differs.
    static func firstDifference(_ expected: [UInt8], _ actual: [UInt8]) -> String {
        let a = MIMETestSupport.lines(String(decoding: expected, as: UTF8.self))
        let b = MIMETestSupport.lines(String(decoding: actual, as: UTF8.self))
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? a[index] : "(end)", right = index < b.count ? b[index] : "(end)"
            if left != right {
                return "line \(index + 1): expected \"\(Sanitize.line(left, limit: 100))\", got "
                    + "\"\(Sanitize.line(right, limit: 100))\" (compare the decoded parts with Tests/judge/email_judge.py)"
            }
        }
        return "line endings differ"
    }
}
