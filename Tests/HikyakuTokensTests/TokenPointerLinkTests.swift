// TokenPointerLinkTests.swift — a batch's current/ pointer is a hard link to its record: no file of its own, superseding and sweeping as before.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

final class TokenPointerLinkTests: TokenStoreTestCase {
    private func issue(_ store: TokenStore, _ label: String, login: String) throws(TokenError) -> IssuedLink {
        try store.issueLink(
            purpose: .passwordReset, loginID: login, emails: [email], seed: TokenTestSupport.seed(label), lifetime: 3600,
            jobID: "job-\(label)")
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent("state/\(name)").path }

    private func inode(_ path: String) throws -> UInt64 {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    private func pointer(_ login: String) -> String {
        FileTokenStorage(root: path("")).state.currentPath(purpose: .passwordReset, loginID: login)
    }

    func testABatchsPointersAreHardLinksToTheRecordsItIssued() throws {
        let links = try store.batch { batch in
            (0..<5).map { index in batch.run { s throws(TokenError) in try issue(s, "p\(index)", login: "login\(index)") } }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("current")).count, 5, "a name per login, no temporary")
        for (index, link) in links.enumerated() {
            let digest = store.recordDigest(seed: TokenTestSupport.seed("p\(index)"), purpose: .passwordReset)
            XCTAssertEqual(try inode(pointer("login\(index)")), try inode(path("tokens/\(digest).json")), "no file of its own")
            XCTAssertEqual(try store.storage.currentDigest(purpose: .passwordReset, loginID: "login\(index)"), digest)
            XCTAssertTrue(try store.peek(token: try link.get().token, loginID: "login\(index)", email: email).valid)
        }
    }

    func testALinkedPointerStillNamesItsRecordOnceTheRecordChangedAndTheNextIssueSupersedesIt() throws {
        let first = try store.batch { batch in batch.run { s throws(TokenError) in try issue(s, "a1", login: "a") } }.get()
        // Superseding replaces a1's record (a new file); the pointer keeps the old one, which names the digest.
        let second = try store.batch { batch in batch.run { s throws(TokenError) in try issue(s, "a2", login: "a") } }.get()
        XCTAssertEqual(try store.peek(token: first.token, loginID: "a", email: email).reason, .superseded)
        XCTAssertTrue(try store.peek(token: second.token, loginID: "a", email: email).valid)
        XCTAssertTrue(try store.consume(token: second.token, loginID: "a", email: email).valid)
        XCTAssertNotEqual(
            try inode(pointer("a")),
            try inode(path("tokens/\(store.recordDigest(seed: TokenTestSupport.seed("a2"), purpose: .passwordReset)).json")),
            "consumed: the record is a new file")
        XCTAssertEqual(
            try store.storage.currentDigest(purpose: .passwordReset, loginID: "a"),
            store.recordDigest(seed: TokenTestSupport.seed("a2"), purpose: .passwordReset))
        try store.sweep()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("current")), [], "a pointer to a used link is stale")
    }

    func testAnIssueOutsideABatchAndAPointerOfAnEarlierVersionAreFilesOfADigest() throws {
        let old = try issue(store, "b1", login: "b")
        let digest = store.recordDigest(seed: TokenTestSupport.seed("b1"), purpose: .passwordReset)
        XCTAssertEqual(try String(contentsOfFile: pointer("b"), encoding: .utf8), digest + "\n")
        let new = try store.batch { batch in batch.run { s throws(TokenError) in try issue(s, "b2", login: "b") } }.get()
        XCTAssertEqual(try store.peek(token: old.token, loginID: "b", email: email).reason, .superseded, "read from the digest file")
        XCTAssertTrue(try store.peek(token: new.token, loginID: "b", email: email).valid)
    }
}
