// TokenStoreTestCase.swift — the set-up the token-store test classes share: a scratch store over files or in memory.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

/// A fresh store per test in a scratch directory, with a pinned clock. Subclasses run their
/// tests over files; their `…OverMemoryTests` subclasses override `storageKind`.
class TokenStoreTestCase: XCTestCase {
    /// The storage the tests run over.
    class var storageKind: TokenStorageKind { .files }

    var directory: URL!
    var stores: TokenStoreMaker!
    var clock: FixedClock!
    var store: TokenStore!
    let login = "sanka1"
    let email = "sanka1@example.co.jp"

    override func setUpWithError() throws {
        directory = try TokenTestSupport.makeTemporaryDirectory()
        clock = FixedClock(TokenTestSupport.start)
        stores = TokenStoreMaker(kind: Self.storageKind, directory: directory.appendingPathComponent("state"))
        store = try stores.make(clock: clock)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }
}
