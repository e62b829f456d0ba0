// TokenStoreMaintenanceTests.swift — sweep, crash repair, bad input, corrupt records, and what the state dir may hold.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

final class TokenStoreMaintenanceTests: XCTestCase {
    private var directory: URL!
    private var stateURL: URL { directory.appendingPathComponent("state") }
    private var clock: FixedClock!
    private var store: TokenStore!
    private let login = "sanka1"
    private let email = "sanka1@example.co.jp"

    override func setUpWithError() throws {
        directory = try TokenTestSupport.makeTemporaryDirectory()
        clock = FixedClock(TokenTestSupport.start)
        store = TokenStore(directory: stateURL, secret: try ServerSecret(bytes: TokenTestSupport.secretBytes), clock: clock)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func issue(_ label: String, login: String? = nil, lifetime: TimeInterval = 3600) throws -> IssuedLink {
        try store.issueLink(
            purpose: .passwordReset, loginID: login ?? self.login, emails: [email],
            seed: TokenTestSupport.seed(label), lifetime: lifetime, jobID: "job-\(label)")
    }

    private func files(_ sub: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: stateURL.appendingPathComponent(sub).path).sorted()
    }

    func testSweepRemovesOnlyRecordsEndedMoreThanGraceAgo() throws {
        let used = try issue("used", login: "u")
        _ = try store.consume(token: used.token, loginID: "u", email: email)
        let short = try issue("short", login: "s", lifetime: 60)
        let long = try issue("long", login: "l", lifetime: 3 * 86_400)
        XCTAssertTrue(
            FileManager.default.createFile(atPath: stateURL.appendingPathComponent("tokens/.tmp-1-debris").path, contents: Data()))
        clock.advance(by: 86_430)
        XCTAssertEqual(try store.sweep(), 1, "used 86430 s ago goes; short expired only 86370 s ago")
        XCTAssertEqual(try store.peek(token: used.token, loginID: "u", email: email).reason, .unknown)
        XCTAssertEqual(try store.peek(token: short.token, loginID: "s", email: email).reason, .expired)
        clock.advance(by: 61)
        XCTAssertEqual(try store.sweep(), 1)
        XCTAssertEqual(try store.peek(token: short.token, loginID: "s", email: email).reason, .unknown)
        XCTAssertTrue(try store.peek(token: long.token, loginID: "l", email: email).valid)
        XCTAssertEqual(try files("tokens").count, 1, "the active record and nothing else, no debris")
        XCTAssertEqual(try files("current").count, 1, "pointers to swept records are gone")
    }

    func testSweepKeepsLockedOTPRecordsAndDropsIdleOnes() throws {
        _ = try store.issueOTP(loginID: "idle", seed: TokenTestSupport.seed("i"), lifetime: 300, jobID: "i")
        let code = try store.issueOTP(loginID: "locked", seed: TokenTestSupport.seed("l"), lifetime: 300, jobID: "l").code
        for _ in 0..<5 { _ = try store.verifyOTP(loginID: "locked", code: code == "000000" ? "000001" : "000000") }
        clock.advance(by: 86_400 + 301)
        XCTAssertEqual(try store.sweep(), 1)
        XCTAssertTrue(try store.otpStatus(loginID: "locked").locked)
        XCTAssertEqual(try files("otp").count, 1)
    }

    func testARetryAfterACrashBetweenRecordAndPointerIsMended() throws {
        // Simulate issue("b") dying after writing its record (step 2) but before moving `current`.
        let a = try issue("a")
        clock.advance(by: 5)
        let secret = try ServerSecret(bytes: TokenTestSupport.secretBytes)
        let bToken = secret.linkToken(seed: TokenTestSupport.seed("b"))
        let aDigest = store.recordDigest(seed: TokenTestSupport.seed("a"), purpose: .passwordReset)
        var aRecord = try XCTUnwrap(try store.storage.tokenRecord(digest: aDigest))
        _ = aRecord.close(as: .superseded, at: clock.now())
        try store.storage.writeTokenRecord(aRecord, digest: aDigest)
        let bRecord = TokenRecord(
            purpose: .passwordReset, loginID: login, emails: [email], issuedAt: clock.now(),
            expiresAt: clock.now().addingTimeInterval(3600), status: .active, jobID: "job-b")
        try store.storage.writeTokenRecord(bRecord, digest: store.recordDigest(seed: TokenTestSupport.seed("b"), purpose: .passwordReset))
        // The retry points `current` at b, so the next issue supersedes it properly.
        XCTAssertEqual(try issue("b").status, .active)
        clock.advance(by: 5)
        let c = try issue("c")
        XCTAssertEqual(try store.peek(token: bToken, loginID: login, email: email).reason, .superseded)
        XCTAssertEqual(try store.peek(token: a.token, loginID: login, email: email).reason, .superseded)
        XCTAssertTrue(try store.peek(token: c.token, loginID: login, email: email).valid)
    }

    func testAnOrphanOlderThanTheCurrentLinkIsSupersededOnRetry() throws {
        let secret = try ServerSecret(bytes: TokenTestSupport.secretBytes)
        let orphan = TokenRecord(
            purpose: .passwordReset, loginID: login, emails: [email], issuedAt: clock.now(),
            expiresAt: clock.now().addingTimeInterval(3600), status: .active, jobID: "job-b")
        try store.storage.withLock(exclusive: true) { () throws(TokenError) in
            try store.storage.writeTokenRecord(
                orphan, digest: store.recordDigest(seed: TokenTestSupport.seed("b"), purpose: .passwordReset))
        }
        clock.advance(by: 5)
        let c = try issue("c")
        XCTAssertEqual(try issue("b").status, .superseded)
        XCTAssertEqual(
            try store.peek(token: secret.linkToken(seed: TokenTestSupport.seed("b")), loginID: login, email: email).reason, .superseded)
        XCTAssertTrue(try store.peek(token: c.token, loginID: login, email: email).valid)
    }

    func testBadInputIsRefusedBeforeAnythingIsWritten() throws {
        let seed = TokenTestSupport.seed("x")
        XCTAssertThrowsError(try store.issueLink(purpose: .emailChange, loginID: login, emails: [], seed: seed, lifetime: 60, jobID: "j"))
        XCTAssertThrowsError(
            try store.issueLink(purpose: .emailChange, loginID: login, emails: [" "], seed: seed, lifetime: 60, jobID: "j"))
        XCTAssertThrowsError(try store.issueLink(purpose: .emailChange, loginID: "", emails: [email], seed: seed, lifetime: 60, jobID: "j"))
        XCTAssertThrowsError(
            try store.issueLink(purpose: .emailChange, loginID: login, emails: [email], seed: seed, lifetime: 0, jobID: "j"))
        XCTAssertThrowsError(
            try store.issueLink(
                purpose: .emailChange, loginID: login, emails: [email], seed: Array(seed.prefix(31)), lifetime: 60, jobID: "j")
        ) { error in
            XCTAssertEqual(error as? TokenError, .badSeed(byteCount: 31))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: stateURL.path))
    }

    func testACorruptRecordIsReportedNotMisread() throws {
        let link = try issue("a")
        let path = store.storage.tokenRecordLocation(digest: store.recordDigest(seed: TokenTestSupport.seed("a"), purpose: .passwordReset))
        try Data("{\"version\":1,\"purpose\":".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try store.peek(token: link.token, loginID: login, email: email)) { error in
            guard case .corruptRecord(let corruptPath, _)? = error as? TokenError else { return XCTFail("\(error)") }
            XCTAssertEqual(corruptPath, path)
            XCTAssertFalse("\(error)".contains(link.token))
        }
        let other = try issue("b", login: "sanka2")
        XCTAssertThrowsError(try store.revoke(loginID: "sanka2", purpose: nil), "revoke reports the bad file…")
        XCTAssertEqual(try store.peek(token: other.token, loginID: "sanka2", email: email).reason, .revoked, "…after revoking the rest")
        // A record naming a key twice is damage too, whichever value a reader would take.
        let third = try issue("c", login: "sanka3")
        let thirdPath = store.storage.tokenRecordLocation(
            digest: store.recordDigest(seed: TokenTestSupport.seed("c"), purpose: .passwordReset))
        let stored = try String(contentsOfFile: thirdPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(stored.hasSuffix("}"), stored)
        try Data((stored.dropLast() + ",\"status\":\"active\"}\n").utf8).write(to: URL(fileURLWithPath: thirdPath))
        XCTAssertThrowsError(try store.peek(token: third.token, loginID: "sanka3", email: email)) { error in
            XCTAssertTrue("\(error)".contains("the key \"status\" appears twice"), "\(error)")
        }
        try Data("{\"version\":2}".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try store.peek(token: link.token, loginID: login, email: email)) { error in
            XCTAssertTrue("\(error)".contains("unsupported version 2"), "\(error)")
        }
    }

    func testTheStateDirectoryHoldsNoTokenCodeSeedOrSecret() throws {
        let secretBytes = TokenTestSupport.secretBytes
        var needles = TokenTestSupport.forms(of: secretBytes)
        var raw = [secretBytes]
        for label in ["a", "b", "c"] {
            let link = try issue(label)
            needles += [link.token] + TokenTestSupport.forms(of: TokenTestSupport.seed(label))
            raw.append(TokenTestSupport.seed(label))
        }
        let change = try store.issueLink(
            purpose: .emailChange, loginID: login, emails: [email],
            seed: TokenTestSupport.seed("e"), lifetime: 60, jobID: "e")
        _ = try store.consume(token: change.token, loginID: login, email: email)
        needles += [change.token]
        for label in ["o1", "o2"] {
            let code = try store.issueOTP(loginID: login, seed: TokenTestSupport.seed(label), lifetime: 300, jobID: label)
            needles += [code.code] + TokenTestSupport.forms(of: TokenTestSupport.seed(label))
            raw.append(TokenTestSupport.seed(label))
        }
        _ = try store.verifyOTP(loginID: login, code: "123456")
        try store.revoke(loginID: login, purpose: nil)
        try TokenTestSupport.assertNothingSecret(under: stateURL, needles: needles, rawNeedles: raw)
        // The audit itself can see a leak.
        XCTAssertTrue(TokenTestSupport.contains(Array("{\"t\":\"\(change.token)\"}".utf8), Array(change.token.utf8)))
        XCTAssertGreaterThan(needles.count, 20)
        // Private by mode, too.
        for sub in ["", "/tokens", "/current", "/otp"] {
            let mode = try FileManager.default.attributesOfItem(atPath: stateURL.path + sub)[.posixPermissions] as? NSNumber
            XCTAssertEqual(mode?.intValue, 0o700, sub)
        }
        for name in try files("tokens") {
            let mode = try FileManager.default.attributesOfItem(atPath: stateURL.path + "/tokens/" + name)[.posixPermissions] as? NSNumber
            XCTAssertEqual(mode?.intValue, 0o600, name)
        }
    }
}
