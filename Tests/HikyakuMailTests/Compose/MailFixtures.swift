// MailFixtures.swift — the fixture jobs composed with a pinned clock, ids and secret, and the Python judge.
import Foundation
import XCTest
import HikyakuBase
@testable import HikyakuMail
import HikyakuTokens

/// Composes `fixtures/jobs/<name>.json` exactly as the worker would at a pinned instant, with a fixed
/// server secret and seed, so the bytes are the same on every run.
enum MailFixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let kinds = MailCatalogue.standard.names
    /// File-name locales: `ja_en` stands for `ja+en`.
    static let locales = ["ja", "en", "ja_en"]
    /// Every fixture name, kind by kind: `password_reset-ja`, `password_reset-en`, `password_reset-ja_en`, …
    static let names = kinds.flatMap { kind in locales.map { "\(kind)-\($0)" } }
    /// 2026-11-21 11:05:00 UTC (20:05 JST): the reset link then expires at 21:05 JST.
    static let now = Date(timeIntervalSince1970: 1_795_259_100)
    /// What the worker would write as the stamp of a job received at `now`, never replayed.
    static let stamp = "2026-11-21T11:05:00Z#0"
    /// A fixed server secret (bytes 0…31): never used outside tests.
    static let secret = try! ServerSecret(bytes: Array(0..<32))

    /// The default settings with a realistic base URL and `charsets`.
    static func settings(charsets: [String: String] = [:]) -> ComposerSettings {
        var settings = ComposerSettings()
        settings.baseURL = "https://portal.example.jp"
        settings.charsets = charsets
        return settings
    }

    /// A composer over the repository's templates (or `templates`).
    static func composer(charsets: [String: String] = [:], templates: URL? = nil) throws -> MailComposer {
        let directory = templates ?? repository.appendingPathComponent("templates")
        return MailComposer(settings: settings(charsets: charsets), library: try TemplateLibrary(directory: directory))
    }

    /// The fixture job object, as JSON.
    static func object(_ name: String) throws -> [String: JSONValue] {
        let data = try Data(contentsOf: repository.appendingPathComponent("fixtures/jobs/\(name).json"))
        return try XCTUnwrap(try JSONValue.parse(data).objectValue)
    }

    static func job(_ name: String) throws -> Job {
        try JobParser.parse(object: try object(name))
    }

    /// The link or code the worker would derive for `name` from the fixed secret and seed.
    static func secret(for job: Job, name: String, composer: MailComposer) -> IssuedSecret {
        let seed = Array("golden/\(name)".utf8)
        return composer.secret(for: job, token: secret.linkToken(seed: seed), code: secret.otpCode(seed: seed), now: now)
    }

    /// The mail for fixture `name` (or `job`, under the id `name`), exactly as the worker composes it.
    static func compose(_ name: String, job: Job? = nil, composer: MailComposer, stamp: String = stamp) throws -> ComposedMail {
        let job = try job ?? self.job(name)
        return try composer.compose(
            job: job, id: name, stamp: stamp, date: now,
            secret: secret(for: job, name: name, composer: composer))
    }

    /// The secret's text as mailed: the link, the code, or nil.
    static func secretText(_ secret: IssuedSecret) -> String? {
        switch secret {
        case .none: return nil
        case .link(let url, _, _): return url
        case .code(let code, _, _): return code
        }
    }
}

/// Runs `Tests/judge/email_judge.py` (Python's `email` package, policy=default) over messages.
enum EmailJudge {
    static let script = MailFixtures.repository.appendingPathComponent("Tests/judge/email_judge.py")

    /// Writes each message to a temporary `.eml` and returns the judge's object for each, in order.
    static func judge(_ messages: [[UInt8]], testCase: XCTestCase) throws -> [[String: Any]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hk-judge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (index, bytes) in messages.enumerated() {
            let url = dir.appendingPathComponent("\(index).eml")
            try Data(bytes).write(to: url)
            paths.append(url.path)
        }
        return try judge(paths: paths)
    }

    /// The judge's object for each file, in order.
    static func judge(paths: [String]) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + paths
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "judge failed")
        let objects = try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(objects.count, paths.count, "one verdict per message")
        return objects
    }

    /// The decoded text of the part of `type` in a judge object.
    static func part(_ verdict: [String: Any], _ type: String) -> [String: Any]? {
        (verdict["parts"] as? [[String: Any]])?.first { $0["content_type"] as? String == type }
    }

    /// A part's decoded text with line ends made "\n".
    static func text(_ verdict: [String: Any], _ type: String) -> String {
        ((part(verdict, type)?["text"] as? String) ?? "").replacingOccurrences(of: "\r\n", with: "\n")
    }
}
