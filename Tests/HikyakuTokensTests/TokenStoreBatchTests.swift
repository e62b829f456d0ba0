// TokenStoreBatchTests.swift — batched issues: read-your-writes, one failure spoils nothing, nothing stored before the commit.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

class TokenStoreBatchTests: TokenStoreTestCase {
    private func issue(_ store: TokenStore, _ label: String, login: String) throws(TokenError) -> IssuedLink {
        try store.issueLink(
            purpose: .passwordReset, loginID: login, emails: [email], seed: TokenTestSupport.seed(label),
            lifetime: 3600, jobID: "job-\(label)")
    }

    /// The names in `state/<name>` (`tokens`, `current`); in memory, one placeholder per stored entry.
    private func files(_ name: String) -> [String] {
        if Self.storageKind == .memory { return Array(repeating: "entry", count: stores.memory.storedCount(under: name + "/")) }
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("state/\(name)").path)) ?? [])
            .sorted()
    }

    func testASecondIssueForTheSameLoginInOneBatchSupersedesTheFirst() throws {
        let (first, second) = try store.batch { batch in
            (
                batch.run { s throws(TokenError) in try issue(s, "a", login: "sanka1") },
                batch.run { s throws(TokenError) in try issue(s, "b", login: "sanka1") }
            )
        }
        let a = try first.get(), b = try second.get()
        XCTAssertEqual(a.status, .active, "active when issued")
        XCTAssertEqual(
            try store.peek(token: a.token, loginID: "sanka1", email: email).reason, .superseded,
            "the second issue read the first from the batch, not from disk")
        XCTAssertTrue(try store.peek(token: b.token, loginID: "sanka1", email: email).valid)
        XCTAssertEqual(files("tokens").count, 2)
        XCTAssertEqual(files("current").count, 1)
    }

    func testAFailingIssueLeavesNothingAndSpoilsNoOther() throws {
        let (bad, good) = try store.batch { batch in
            (
                batch.run { s throws(TokenError) in
                    try s.issueLink(
                        purpose: .passwordReset, loginID: "sanka2", emails: [self.email], seed: [1, 2, 3], lifetime: 3600, jobID: "x")
                },
                batch.run { s throws(TokenError) in try issue(s, "c", login: "sanka3") }
            )
        }
        guard case .failure(.badSeed(byteCount: 3)) = bad else { return XCTFail("the short seed is refused: \(bad)") }
        XCTAssertTrue(try store.peek(token: try good.get().token, loginID: "sanka3", email: email).valid)
        XCTAssertEqual(files("tokens").count, 1)
        XCTAssertEqual(files("current").filter { !$0.hasPrefix(".") }.count, 1)
    }

    func testNothingReachesTheStateDirectoryBeforeTheCommitAndNoTemporaryIsLeft() throws {
        var seenDuringBatch: [String] = ["not run"]
        let link = try store.batch { batch in
            let result = batch.run { s throws(TokenError) in try issue(s, "d", login: "sanka4") }
            seenDuringBatch = files("tokens") + files("current")
            return result
        }
        XCTAssertEqual(seenDuringBatch, [], "staged writes stay in memory until the batch commits")
        XCTAssertTrue(try store.peek(token: try link.get().token, loginID: "sanka4", email: email).valid)
        XCTAssertEqual((files("tokens") + files("current")).filter { $0.hasPrefix(".tmp") }, [])
    }

    func testAnIssueRepeatedInALaterBatchIsIdempotent() throws {
        let first = try store.batch { batch in batch.run { s throws(TokenError) in try issue(s, "e", login: "sanka5") } }.get()
        let again = try store.batch { batch in batch.run { s throws(TokenError) in try issue(s, "e", login: "sanka5") } }.get()
        XCTAssertEqual(again.token, first.token)
        XCTAssertEqual(again.issuedAt, first.issuedAt)
        XCTAssertEqual(again.status, .active)
    }
}

/// The same tests over `MemoryTokenStorage`, which also counts commits: one per batch.
/// (Linux's test discovery finds only methods a class declares itself, hence the overrides.)
final class TokenStoreBatchOverMemoryTests: TokenStoreBatchTests {
    override class var storageKind: TokenStorageKind { .memory }

    override func testASecondIssueForTheSameLoginInOneBatchSupersedesTheFirst() throws {
        try super.testASecondIssueForTheSameLoginInOneBatchSupersedesTheFirst()
    }
    override func testAFailingIssueLeavesNothingAndSpoilsNoOther() throws { try super.testAFailingIssueLeavesNothingAndSpoilsNoOther() }
    override func testNothingReachesTheStateDirectoryBeforeTheCommitAndNoTemporaryIsLeft() throws {
        try super.testNothingReachesTheStateDirectoryBeforeTheCommitAndNoTemporaryIsLeft()
    }
    override func testAnIssueRepeatedInALaterBatchIsIdempotent() throws { try super.testAnIssueRepeatedInALaterBatchIsIdempotent() }

    func testABatchCommitsOnce() throws {
        let store = try stores.make(clock: FixedClock(TokenTestSupport.start))
        let results = try store.batch { batch in
            (0..<5).map { index in
                batch.run { s throws(TokenError) in
                    try s.issueLink(
                        purpose: .passwordReset, loginID: "login\(index % 2)", emails: ["a@example.jp"],
                        seed: TokenTestSupport.seed("once\(index)"), lifetime: 60, jobID: "j\(index)")
                }
            }
        }
        XCTAssertEqual(results.filter { (try? $0.get()) != nil }.count, 5)
        XCTAssertEqual(stores.memory.commitCount, 1)
        XCTAssertEqual(stores.memory.storedCount(under: "tokens/"), 5)
        XCTAssertEqual(stores.memory.storedCount(under: "current/"), 2)
    }
}
