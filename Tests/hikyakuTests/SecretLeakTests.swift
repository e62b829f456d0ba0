// SecretLeakTests.swift — after real work, no token, code or full link in the spool, the state directory or the logs.
import Foundation
import XCTest

final class SecretLeakTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testNoTokenCodeOrLinkIsWrittenAnywhereButTheMail() throws {
        // Every kind × locale, with some first attempts refused after the final "." so records carry retries.
        let later = "451 4.3.0 try again later"
        let relay = try Relay(Relay.Options(dotReplies: [later, later, later, later]))
        defer { relay.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(relay.port)")
        for kind in DeliveryTests.kinds {
            for locale in DeliveryTests.locales {
                try space.drop(fixture: "jobs/\(kind)-\(locale).json", id: "\(kind)-\(locale)")
            }
        }
        var captured: [String] = []
        for _ in 0..<2 {
            let run = try space.runWorker()
            captured += [run.stdout, run.stderr]
        }
        XCTAssertEqual(space.files("sent").count, 15, captured.joined())

        // The secrets, as the recipients got them (refused attempts included).
        var links: [String] = [], tokens: [String] = [], codes: [String] = [], texts: [String] = []
        for path in relay.messagePaths() {
            let raw = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            guard let kind = ["password_reset", "email_change", "otp_code"].first(where: { raw.contains("X-Hikyaku-Kind: \($0)\r\n") })
            else { continue }
            let mail = try XCTUnwrap(try JudgedMail.judge([path]).first)
            let secret = try XCTUnwrap(DeliveredSecret.find(in: mail.text, kind: kind), path)
            texts.append(mail.text)
            if let link = secret.link {
                links.append(link)
                tokens.append(secret.value)
                XCTAssertTrue(mail.html.contains(secret.value), "the HTML part carries the same link")
            } else {
                codes.append(secret.value)
            }
        }
        XCTAssertEqual(Set(tokens).count, 6, "three password_reset and three email_change links")
        XCTAssertEqual(Set(codes).count, 3, "three otp_code codes")

        // Use them the web tier's way, so the CLI's logs and state changes are covered too.
        let reset =
            try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: Workspace.repository
                        .appendingPathComponent("fixtures/jobs/password_reset-ja.json"))) as! [String: Any]
        for token in tokens {
            for action in ["peek", "consume"] {
                let result = try space.run([
                    "token", action, "--token", token, "--login", reset["login_id"] as! String,
                    "--email", reset["to"] as! String,
                ])
                captured += [result.stdout, result.stderr]
            }
        }
        for code in codes {
            for login in ["itonaoki", "nakamura3", "jdoe"] {
                let result = try space.run(["otp", "verify", "--login", login, "--code", code])
                captured += [result.stdout, result.stderr]
            }
        }
        let sweep = try space.run(["token", "sweep"])
        captured += [sweep.stdout, sweep.stderr]

        // The search must be able to find a secret: it finds each one in the decoded mails.
        for token in tokens { XCTAssertTrue(texts.contains { $0.contains(token) }) }
        for link in links { XCTAssertTrue(texts.contains { $0.contains(link) }) }
        for code in codes { XCTAssertTrue(texts.contains { contains(code: code, in: $0) }) }

        let files = regularFiles(under: space.spool) + regularFiles(under: space.state)
        XCTAssertGreaterThan(files.count, 15)
        let haystacks =
            files.map { ($0.path, String(decoding: (try? Data(contentsOf: $0)) ?? Data(), as: UTF8.self)) }
            + captured.enumerated().map { ("captured output #\($0.offset)", $0.element) }
        for (name, text) in haystacks {
            for token in tokens { XCTAssertFalse(text.contains(token), "a token in \(name)") }
            for link in links { XCTAssertFalse(text.contains(link), "a link in \(name)") }
            for code in codes { XCTAssertFalse(contains(code: code, in: text), "code \(code) in \(name)") }
        }
    }

    /// Whether `code` appears in `text` as a number of its own (not inside a longer run of digits).
    private func contains(code: String, in text: String) -> Bool {
        let expression = try! NSRegularExpression(pattern: "(?<![0-9])\(code)(?![0-9])")
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private func regularFiles(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }
}
