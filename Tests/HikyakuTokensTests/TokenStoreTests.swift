// TokenStoreTests.swift — link tokens: issue, peek, consume, expiry to the second, supersede, revoke, concurrency; over files and in memory.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

class TokenStoreTests: TokenStoreTestCase {
    @discardableResult
    private func issue(
        _ label: String, purpose: LinkPurpose = .passwordReset, login: String? = nil,
        lifetime: TimeInterval = 3600
    ) throws -> IssuedLink {
        try store.issueLink(
            purpose: purpose, loginID: login ?? self.login, emails: [email, "backup@example.jp"],
            seed: TokenTestSupport.seed(label), lifetime: lifetime, jobID: "job-\(label)")
    }

    private func reason(_ verdict: TokenVerdict) -> String { verdict.reason?.rawValue ?? "valid" }

    func testPeekThreeTimesThenConsumeOnceThenUsed() throws {
        let link = try issue("a")
        XCTAssertEqual(link.status, .active)
        XCTAssertEqual(link.expiresAt, TokenTestSupport.start.addingTimeInterval(3600))
        for _ in 0..<3 {
            XCTAssertTrue(try store.peek(token: link.token, loginID: login, email: email).valid)
        }
        let first = try store.consume(token: link.token, loginID: login, email: email)
        XCTAssertEqual(first.json(), #"{"valid":true,"purpose":"password_reset","login_id":"sanka1","expires_at":"2026-11-21T13:05:00Z"}"#)
        XCTAssertEqual(reason(try store.consume(token: link.token, loginID: login, email: email)), "used")
        XCTAssertEqual(reason(try store.peek(token: link.token, loginID: login, email: email)), "used")
        XCTAssertEqual(try store.linkState(seed: TokenTestSupport.seed("a"), purpose: .passwordReset)?.usedAt, TokenTestSupport.start)
    }

    func testExpiryToTheSecond() throws {
        let link = try issue("a")
        clock.advance(by: 3599)
        XCTAssertTrue(try store.peek(token: link.token, loginID: login, email: email).valid, "valid at lifetime - 1 s")
        clock.advance(by: 1)
        XCTAssertEqual(
            reason(try store.peek(token: link.token, loginID: login, email: email)), "expired", "expired at exactly the lifetime")
        clock.advance(by: 1)
        let late = try store.consume(token: link.token, loginID: login, email: email)
        XCTAssertEqual(
            late.json(),
            #"{"valid":false,"reason":"expired","purpose":"password_reset","login_id":"sanka1","expires_at":"2026-11-21T13:05:00Z"}"#)
        XCTAssertEqual(try store.linkState(seed: TokenTestSupport.seed("a"), purpose: .passwordReset)?.isExpired, true)
    }

    func testFractionalIssueTimeIsTruncatedToTheSecond() throws {
        clock.advance(by: 0.75)
        let link = try issue("a", lifetime: 60)
        XCTAssertEqual(link.issuedAt, TokenTestSupport.start)
        clock.set(TokenTestSupport.start.addingTimeInterval(59.999))
        XCTAssertTrue(try store.peek(token: link.token, loginID: login, email: email).valid)
        clock.set(TokenTestSupport.start.addingTimeInterval(60))
        XCTAssertFalse(try store.peek(token: link.token, loginID: login, email: email).valid)
    }

    func testMismatchIsRefusedWithoutConsumingThenTheRightPairSucceeds() throws {
        let link = try issue("a")
        let wrongLogin = try store.consume(token: link.token, loginID: "sanka2", email: email)
        XCTAssertEqual(wrongLogin.json(), #"{"valid":false,"reason":"mismatch","purpose":"password_reset"}"#)
        XCTAssertEqual(reason(try store.consume(token: link.token, loginID: login, email: "other@example.co.jp")), "mismatch")
        XCTAssertEqual(reason(try store.consume(token: link.token, loginID: "SANKA1", email: email)), "mismatch", "login IDs are exact")
        XCTAssertTrue(try store.consume(token: link.token, loginID: login, email: " Sanka1@EXAMPLE.co.jp ").valid)
    }

    func testAnInternationalDomainMatchesInEitherForm() throws {
        // The worker binds the address as the mail's envelope has it (A-labels); the web tier
        // may ask with the address the user typed (U-labels), in any case.
        let link = try store.issueLink(
            purpose: .emailChange, loginID: login, emails: ["sho@xn--r8jz45g.jp"],
            seed: TokenTestSupport.seed("idn"), lifetime: 3600, jobID: "job-idn")
        for address in ["sho@例え.jp", "SHO@例え.JP", "sho@XN--R8JZ45G.jp"] {
            XCTAssertTrue(try store.peek(token: link.token, loginID: login, email: address).valid, address)
        }
        XCTAssertEqual(reason(try store.peek(token: link.token, loginID: login, email: "sho@例.jp")), "mismatch")
    }

    func testUnknownAndMalformedTokens() throws {
        try issue("a")
        let other = stores.make(secret: try ServerSecret(bytes: Array(repeating: 9, count: 32)), clock: clock)
        let foreign = try other.issueLink(
            purpose: .passwordReset, loginID: login, emails: [email],
            seed: TokenTestSupport.seed("f"), lifetime: 60, jobID: "f"
        ).token
        for token in [
            "", "!!!", "abc", String(repeating: "A", count: 43), String(repeating: "x", count: 5000),
            Base64URL.encode(TokenTestSupport.seed("never")), foreign,
        ] {
            let verdict = try store.peek(token: token, loginID: login, email: email)
            XCTAssertEqual(verdict, .unknown)
            XCTAssertEqual(verdict.json(), #"{"valid":false,"reason":"unknown"}"#)
        }
    }

    func testANewerLinkSupersedesTheOlderOfTheSameLoginAndPurposeOnly() throws {
        let old = try issue("old")
        let otherPurpose = try issue("change", purpose: .emailChange)
        let otherLogin = try issue("other", login: "sanka2")
        clock.advance(by: 10)
        let new = try issue("new")
        XCTAssertEqual(reason(try store.peek(token: old.token, loginID: login, email: email)), "superseded")
        XCTAssertTrue(try store.peek(token: new.token, loginID: login, email: email).valid)
        XCTAssertTrue(try store.peek(token: otherPurpose.token, loginID: login, email: email).valid)
        XCTAssertTrue(try store.peek(token: otherLogin.token, loginID: "sanka2", email: email).valid)
        // A late retry of the old job gets the old token back, still superseded.
        let retry = try issue("old")
        XCTAssertEqual(retry.token, old.token)
        XCTAssertEqual(retry.status, .superseded)
        XCTAssertTrue(try store.peek(token: new.token, loginID: login, email: email).valid)
    }

    func testIssueIsIdempotentForTheSameSeed() throws {
        let first = try issue("a")
        clock.advance(by: 120)
        let again = try issue("a", lifetime: 99_999)
        XCTAssertEqual(again.token, first.token)
        XCTAssertEqual(again.issuedAt, first.issuedAt)
        XCTAssertEqual(again.expiresAt, first.expiresAt)
        XCTAssertEqual(again.status, .active)
        XCTAssertEqual(try store.storage.tokenRecordDigests().count, 1)
        if Self.storageKind == .files {
            let records = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("state/tokens").path)
            XCTAssertEqual(records.count, 1)
        }
    }

    func testRevokeByLoginCountsAndSparesOthers() throws {
        let reset = try issue("r")
        let change = try issue("c", purpose: .emailChange)
        let other = try issue("o", login: "sanka2")
        XCTAssertEqual(try store.revoke(loginID: login, purpose: .emailChange), 1)
        XCTAssertEqual(reason(try store.peek(token: change.token, loginID: login, email: email)), "revoked")
        XCTAssertTrue(try store.peek(token: reset.token, loginID: login, email: email).valid)
        XCTAssertEqual(try store.revoke(loginID: login, purpose: nil), 1)
        XCTAssertEqual(try store.revoke(loginID: login, purpose: nil), 0)
        XCTAssertEqual(reason(try store.consume(token: reset.token, loginID: login, email: email)), "revoked")
        XCTAssertTrue(try store.peek(token: other.token, loginID: "sanka2", email: email).valid)
    }

    func testRevokeBySeedAndLinkState() throws {
        let seed = TokenTestSupport.seed("job")
        XCTAssertNil(try store.linkState(seed: seed, purpose: .passwordReset))
        XCTAssertFalse(try store.revoke(seed: seed, purpose: .passwordReset))
        let link = try issue("job")
        XCTAssertEqual(try store.linkState(seed: seed, purpose: .passwordReset)?.status, .active)
        XCTAssertNil(try store.linkState(seed: seed, purpose: .emailChange))
        XCTAssertTrue(try store.revoke(seed: seed, purpose: .passwordReset))
        XCTAssertFalse(try store.revoke(seed: seed, purpose: .passwordReset))
        XCTAssertEqual(try store.linkState(seed: seed, purpose: .passwordReset)?.status, .revoked)
        XCTAssertEqual(reason(try store.peek(token: link.token, loginID: login, email: email)), "revoked")
        XCTAssertThrowsError(try store.revoke(seed: [1, 2, 3], purpose: .passwordReset)) { error in
            XCTAssertEqual(error as? TokenError, .badSeed(byteCount: 3))
        }
    }

    func testChecksRunInTheDocumentedOrder() throws {
        let link = try issue("a")
        try store.revoke(loginID: login, purpose: nil)
        clock.advance(by: 7200)
        XCTAssertEqual(reason(try store.peek(token: link.token, loginID: login, email: email)), "revoked", "revoked before expired")
        XCTAssertEqual(reason(try store.peek(token: link.token, loginID: "x", email: email)), "mismatch", "mismatch before revoked")
    }

    func testSweepForgetsEndedRecordsAndTheirPointersAndKeepsLiveOnes() throws {
        let used = try issue("used", login: "u")
        _ = try store.consume(token: used.token, loginID: "u", email: email)
        let live = try issue("live", login: "l", lifetime: 3 * 86_400)
        _ = try store.issueOTP(loginID: "idle", seed: TokenTestSupport.seed("i"), lifetime: 300, jobID: "i")
        clock.advance(by: 86_400 + 301)
        XCTAssertEqual(try store.sweep(), 2, "the used link and the idle code")
        XCTAssertEqual(reason(try store.peek(token: used.token, loginID: "u", email: email)), "unknown")
        XCTAssertTrue(try store.peek(token: live.token, loginID: "l", email: email).valid)
        XCTAssertEqual(try store.storage.tokenRecordDigests().count, 1)
        XCTAssertNil(try store.storage.currentDigest(purpose: .passwordReset, loginID: "u"), "the pointer to a swept record goes")
        XCTAssertNotNil(try store.storage.currentDigest(purpose: .passwordReset, loginID: "l"))
        XCTAssertNil(try store.storage.otpRecord(loginID: "idle"))
    }

    func testConcurrentConsumersExactlyOneWins() throws {
        let link = try issue("race")
        let tally = TokenTally()
        let stores = self.stores!
        let secret = try ServerSecret(bytes: TokenTestSupport.secretBytes)
        let clock = self.clock!, login = self.login, email = self.email
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            // Separate instances, as separate processes would have.
            let store = stores.make(secret: secret, clock: clock)
            do { tally.add(try store.consume(token: link.token, loginID: login, email: email).reason?.rawValue ?? "valid") } catch {
                tally.add("error")
            }
        }
        XCTAssertEqual(tally["valid"], 1)
        XCTAssertEqual(tally["used"], 15)
    }
}

/// The same tests over `MemoryTokenStorage`: the store's rules do not depend on files.
/// (Linux's test discovery finds only methods a class declares itself, hence the overrides.)
final class TokenStoreOverMemoryTests: TokenStoreTests {
    override class var storageKind: TokenStorageKind { .memory }

    override func testPeekThreeTimesThenConsumeOnceThenUsed() throws { try super.testPeekThreeTimesThenConsumeOnceThenUsed() }
    override func testExpiryToTheSecond() throws { try super.testExpiryToTheSecond() }
    override func testFractionalIssueTimeIsTruncatedToTheSecond() throws { try super.testFractionalIssueTimeIsTruncatedToTheSecond() }
    override func testMismatchIsRefusedWithoutConsumingThenTheRightPairSucceeds() throws {
        try super.testMismatchIsRefusedWithoutConsumingThenTheRightPairSucceeds()
    }
    override func testUnknownAndMalformedTokens() throws { try super.testUnknownAndMalformedTokens() }
    override func testANewerLinkSupersedesTheOlderOfTheSameLoginAndPurposeOnly() throws {
        try super.testANewerLinkSupersedesTheOlderOfTheSameLoginAndPurposeOnly()
    }
    override func testIssueIsIdempotentForTheSameSeed() throws { try super.testIssueIsIdempotentForTheSameSeed() }
    override func testRevokeByLoginCountsAndSparesOthers() throws { try super.testRevokeByLoginCountsAndSparesOthers() }
    override func testRevokeBySeedAndLinkState() throws { try super.testRevokeBySeedAndLinkState() }
    override func testChecksRunInTheDocumentedOrder() throws { try super.testChecksRunInTheDocumentedOrder() }
    override func testSweepForgetsEndedRecordsAndTheirPointersAndKeepsLiveOnes() throws {
        try super.testSweepForgetsEndedRecordsAndTheirPointersAndKeepsLiveOnes()
    }
    override func testConcurrentConsumersExactlyOneWins() throws { try super.testConcurrentConsumersExactlyOneWins() }
}
