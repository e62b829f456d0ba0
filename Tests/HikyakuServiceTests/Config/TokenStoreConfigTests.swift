// TokenStoreConfigTests.swift — `TokenStore.open(config:)`: the web tier's store is the worker's store.
import Foundation
import XCTest
import HikyakuTestSupport
@testable import HikyakuBase
@testable import HikyakuTokens
@testable import HikyakuService

final class TokenStoreConfigTests: XCTestCase {
    func testTwoStoresOpenedFromOneConfigShareSecretRecordsAndLimits() throws {
        let root = try Scratch.directory(prefix: "hk-tokens-test")
        defer { try? FileManager.default.removeItem(at: root) }
        var config = Config()
        config.state = root.appendingPathComponent("state").path
        config.otpMaxAttempts = 2
        let clock = FixedClock(Date(timeIntervalSince1970: 1_795_262_700))

        // The "worker" issues; a separately opened "web tier" store verifies.
        let worker = try TokenStore.open(config: config, clock: clock)
        let web = try TokenStore.open(config: config, clock: clock)
        let link = try worker.issueLink(
            purpose: .passwordReset, loginID: "sanka1", emails: ["omori@example.co.jp"],
            seed: TokenStore.randomSeed(), lifetime: 3600, jobID: "j1")
        XCTAssertTrue(try web.peek(token: link.token, loginID: "sanka1", email: "omori@example.co.jp").valid)
        XCTAssertTrue(try web.consume(token: link.token, loginID: "sanka1", email: "omori@example.co.jp").valid)
        XCTAssertEqual(try worker.peek(token: link.token, loginID: "sanka1", email: "omori@example.co.jp").reason, .used)

        // otp_max_attempts comes from the config.
        XCTAssertEqual(web.maxOTPAttempts, 2)
        let code = try worker.issueOTP(loginID: "sanka1", seed: TokenStore.randomSeed(), lifetime: 600, jobID: "j2").code
        let wrong = code == "000000" ? "000001" : "000000"
        _ = try web.verifyOTP(loginID: "sanka1", code: wrong)
        XCTAssertEqual(try web.verifyOTP(loginID: "sanka1", code: wrong).reason, .invalid)
        XCTAssertTrue(try web.otpStatus(loginID: "sanka1").locked)

        // The state directory and the secret were created private.
        var info = stat()
        XCTAssertEqual(stat(config.state, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)
        XCTAssertEqual(stat(config.resolvedSecretFile, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(info.st_size, 32)
    }

    func testAStateDirectoryWhoseParentIsMissingIsAnIOError() throws {
        var config = Config()
        config.state = "/nonexistent-\(UUID().uuidString)/state"
        XCTAssertThrowsError(try TokenStore.open(config: config)) { error in
            guard case TokenError.io(let failure) = error, case let operation = failure.operation else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "mkdir")
        }
    }
}
