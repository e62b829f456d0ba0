// TokenStoreTombstoneTests.swift — a swept link or code is never issued again by a retry of its job; over files and in memory.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

class TokenStoreTombstoneTests: TokenStoreTestCase {
    /// The worker's retry: the same seed re-derives the same token, issued through a batch.
    private func issue(_ label: String, login: String? = nil, lifetime: TimeInterval = 3600) throws -> IssuedLink {
        let login = login ?? self.login, email = self.email
        return try store.batch { batch in
            batch.run { s throws(TokenError) in
                try s.issueLink(
                    purpose: .passwordReset, loginID: login, emails: [email], seed: TokenTestSupport.seed(label),
                    lifetime: lifetime, jobID: "job-\(label)")
            }
        }.get()
    }

    func testASweptUsedRevokedOrSupersededLinkIsNeverIssuedAgain() throws {
        let used = try issue("used", login: "u")
        XCTAssertTrue(try store.consume(token: used.token, loginID: "u", email: email).valid)
        let revoked = try issue("revoked", login: "r")
        try store.revoke(seed: TokenTestSupport.seed("revoked"), purpose: .passwordReset)
        let superseded = try issue("old")
        clock.advance(by: 1)
        _ = try issue("new")
        clock.advance(by: 1)
        XCTAssertEqual(try store.sweep(olderThan: 0), 3, "the operator sweeps everything that ended")

        // Retries of the three jobs (a lost reply, then the worker's next attempt).
        for (label, login, link, status) in [
            ("used", "u", used, TokenStatus.used), ("revoked", "r", revoked, .revoked), ("old", self.login, superseded, .superseded),
        ] {
            let retry = try issue(label, login: login)
            XCTAssertEqual(retry.status, status, label)
            XCTAssertEqual(retry.issuedAt, link.issuedAt, "\(label): the same issuance, as the worker checks")
            XCTAssertEqual(retry.token, link.token)
            XCTAssertEqual(try store.consume(token: link.token, loginID: login, email: email).reason, .unknown, label)
            XCTAssertNil(try store.linkState(seed: TokenTestSupport.seed(label), purpose: .passwordReset), "\(label): nothing recorded")
        }
        // A crash before the worker's revoke changes nothing: there is no record to revoke.
        XCTAssertFalse(try store.revoke(seed: TokenTestSupport.seed("used"), purpose: .passwordReset))
        XCTAssertEqual(try store.storage.tokenRecordDigests().count, 1, "only the live link")
    }

    func testATombstoneLastsUntilNoRetryCanComeThenGoes() throws {
        let used = try issue("used", lifetime: 600)
        XCTAssertTrue(try store.consume(token: used.token, loginID: login, email: email).valid)
        clock.advance(by: 1)
        XCTAssertEqual(try store.sweep(olderThan: 0), 1)
        let digest = store.recordDigest(seed: TokenTestSupport.seed("used"), purpose: .passwordReset)
        XCTAssertEqual(try store.storage.tombstone(digest: digest)?.status, .used)
        // Still there a day after expiry (a retry of a job that expired would be refused by then).
        clock.advance(by: 599 + TokenStore.retryMargin - 1)
        XCTAssertEqual(try store.sweep(olderThan: 0), 0, "tombstones are not records")
        XCTAssertNotNil(try store.storage.tombstone(digest: digest))
        XCTAssertEqual(try issue("used").status, .used)
        clock.advance(by: 2)
        _ = try store.sweep(olderThan: 0)
        XCTAssertNil(try store.storage.tombstone(digest: digest))
    }

    func testARecordSweptLongAfterItExpiredLeavesNoTombstone() throws {
        _ = try issue("old", lifetime: 60)
        clock.advance(by: 60 + TokenStore.retryMargin + 1)
        XCTAssertEqual(try store.sweep(), 1)
        XCTAssertNil(try store.storage.tombstone(digest: store.recordDigest(seed: TokenTestSupport.seed("old"), purpose: .passwordReset)))
    }

    func testAUsedCodeIsNotSweptWhileARetryCouldBringItBack() throws {
        let code = try store.issueOTP(loginID: login, seed: TokenTestSupport.seed("c"), lifetime: 300, jobID: "c")
        XCTAssertTrue(try store.verifyOTP(loginID: login, code: code.code).valid)
        clock.advance(by: 301)
        XCTAssertEqual(try store.sweep(olderThan: 0), 0, "the code expired only just")
        let retry = try store.issueOTP(loginID: login, seed: TokenTestSupport.seed("c"), lifetime: 300, jobID: "c")
        XCTAssertEqual(retry.status, .used, "the retry finds the issuance and mails nothing")
        XCTAssertEqual(retry.issuedAt, code.issuedAt)
        clock.advance(by: TokenStore.retryMargin)
        XCTAssertEqual(try store.sweep(olderThan: 0), 1)
    }
}

/// The same tests over `MemoryTokenStorage`.
/// (Linux's test discovery finds only methods a class declares itself, hence the overrides.)
final class TokenStoreTombstoneOverMemoryTests: TokenStoreTombstoneTests {
    override class var storageKind: TokenStorageKind { .memory }

    override func testASweptUsedRevokedOrSupersededLinkIsNeverIssuedAgain() throws {
        try super.testASweptUsedRevokedOrSupersededLinkIsNeverIssuedAgain()
    }
    override func testATombstoneLastsUntilNoRetryCanComeThenGoes() throws { try super.testATombstoneLastsUntilNoRetryCanComeThenGoes() }
    override func testARecordSweptLongAfterItExpiredLeavesNoTombstone() throws {
        try super.testARecordSweptLongAfterItExpiredLeavesNoTombstone()
    }
    override func testAUsedCodeIsNotSweptWhileARetryCouldBringItBack() throws {
        try super.testAUsedCodeIsNotSweptWhileARetryCouldBringItBack()
    }
}
