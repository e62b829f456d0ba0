// OTPStoreTests.swift — one-time codes: verify and consume, the failure lock, unlock, expiry, idempotence, uniformity.
import Foundation
import XCTest
@testable import HikyakuBase
@testable import HikyakuTokens

class OTPStoreTests: TokenStoreTestCase {
    private func issue(_ label: String, lifetime: TimeInterval = 300) throws -> IssuedCode {
        try store.issueOTP(loginID: login, seed: TokenTestSupport.seed(label), lifetime: lifetime, jobID: "job-\(label)")
    }

    /// A six-digit code that is certainly not `code`.
    private func wrong(_ code: String) -> String { code == "000000" ? "000001" : "000000" }

    func testTheRightCodeIsValidOnceThenNone() throws {
        let issued = try issue("a")
        XCTAssertEqual(issued.status, .active)
        XCTAssertEqual(issued.expiresAt, TokenTestSupport.start.addingTimeInterval(300))
        XCTAssertEqual(try store.verifyOTP(loginID: login, code: issued.code).json(), #"{"valid":true,"attempts_left":5}"#)
        let again = try store.verifyOTP(loginID: login, code: issued.code)
        XCTAssertEqual(again.json(), #"{"valid":false,"reason":"no_active_code","attempts_left":5}"#, "no code: nothing counted")
        XCTAssertEqual(try issue("a").status, .used, "a retry after use reports used")
    }

    func testFiveWrongCodesLockUntilUnlockThenANewCodeWorks() throws {
        let issued = try issue("a")
        for left in [4, 3, 2, 1, 0] {
            let verdict = try store.verifyOTP(loginID: login, code: wrong(issued.code))
            XCTAssertEqual(verdict, OTPVerdict(valid: false, reason: .invalid, attemptsLeft: left))
        }
        XCTAssertEqual(
            try store.verifyOTP(loginID: login, code: issued.code).json(), #"{"valid":false,"reason":"locked","attempts_left":0}"#)
        let status = try store.otpStatus(loginID: login)
        XCTAssertEqual(
            status.json(),
            #"{"login_id":"sanka1","locked":true,"failed_attempts":5,"attempts_left":0,"has_active_code":false}"#,
            "the lock burnt the code")
        // Issuing does not lift the lock, and issues nothing while it holds.
        let during = try issue("b")
        XCTAssertTrue(during.isLocked)
        XCTAssertEqual(during.status, .revoked, "nothing to mail")
        XCTAssertEqual(try store.verifyOTP(loginID: login, code: during.code).reason, .locked)
        XCTAssertTrue(try store.unlockOTP(loginID: login))
        XCTAssertFalse(try store.otpStatus(loginID: login).locked)
        // Unlocking brings back neither the code that tripped the lock nor one asked for during it.
        XCTAssertFalse(try store.otpStatus(loginID: login).hasActiveCode)
        XCTAssertEqual(try store.verifyOTP(loginID: login, code: issued.code).reason, .noActiveCode)
        XCTAssertEqual(try store.verifyOTP(loginID: login, code: during.code).reason, .noActiveCode)
        XCTAssertEqual(try issue("a").status, .superseded, "a late retry of the burnt code's job mails nothing")
        let fresh = try issue("c")
        XCTAssertFalse(fresh.isLocked)
        XCTAssertTrue(try store.verifyOTP(loginID: login, code: fresh.code).valid)
        XCTAssertFalse(try store.unlockOTP(loginID: login), "was not locked")
    }

    func testSuccessResetsTheFailureCount() throws {
        let issued = try issue("a")
        for _ in 0..<4 { _ = try store.verifyOTP(loginID: login, code: wrong(issued.code)) }
        XCTAssertEqual(try store.verifyOTP(loginID: login, code: issued.code).attemptsLeft, 5)
        XCTAssertEqual(try store.otpStatus(loginID: login).failedAttempts, 0)
    }

    func testExpiryToTheSecondAndExpiredAttemptsCount() throws {
        let issued = try issue("a")
        clock.advance(by: 299)
        XCTAssertTrue(try store.otpStatus(loginID: login).hasActiveCode)
        clock.advance(by: 1)
        XCTAssertFalse(try store.otpStatus(loginID: login).hasActiveCode)
        let verdict = try store.verifyOTP(loginID: login, code: issued.code)
        XCTAssertEqual(verdict, OTPVerdict(valid: false, reason: .expired, attemptsLeft: 4))
        let second = try issue("b")
        clock.advance(by: 299)
        XCTAssertTrue(try store.verifyOTP(loginID: login, code: second.code).valid, "valid at lifetime - 1 s")
    }

    func testCodesWithNothingIssuedAndMalformedCodesCountNothing() throws {
        let small = try stores.make(clock: clock, maxOTPAttempts: 3)
        for _ in 0..<5 {
            XCTAssertEqual(
                try small.verifyOTP(loginID: "nobody", code: "123456"), OTPVerdict(valid: false, reason: .noActiveCode, attemptsLeft: 3))
        }
        XCTAssertFalse(try small.otpStatus(loginID: "nobody").locked, "a login never sent a code is never locked")
        let issued = try small.issueOTP(loginID: login, seed: TokenTestSupport.seed("f"), lifetime: 300, jobID: "f")
        for malformed in ["12345", "1234567", "12345a", " 123456", "１２３４５６", "", "not a code" + String(repeating: "9", count: 100)] {
            XCTAssertEqual(
                try small.verifyOTP(loginID: login, code: malformed), OTPVerdict(valid: false, reason: .invalidFormat, attemptsLeft: 3),
                malformed)
        }
        XCTAssertEqual(try small.otpStatus(loginID: login).failedAttempts, 0)
        XCTAssertEqual(try small.verifyOTP(loginID: login, code: wrong(issued.code)).attemptsLeft, 2, "a well-formed wrong code counts")
        XCTAssertTrue(try small.verifyOTP(loginID: login, code: issued.code).valid, "the code survived every malformed attempt")
        for _ in 0..<3 { _ = try small.verifyOTP(loginID: login, code: wrong(issued.code)) }
        XCTAssertFalse(try small.otpStatus(loginID: login).locked, "no active code after use: nothing counted")
        XCTAssertEqual(try small.verifyOTP(loginID: login, code: "x").reason, .invalidFormat)
        XCTAssertEqual(
            try store.otpStatus(loginID: "never").json(),
            #"{"login_id":"never","locked":false,"failed_attempts":0,"attempts_left":5,"has_active_code":false}"#)
    }

    func testIssueIsIdempotentPerSeedAndANewSeedSupersedes() throws {
        let a = try issue("a")
        clock.advance(by: 30)
        let retry = try issue("a", lifetime: 9999)
        XCTAssertEqual(retry.code, a.code)
        XCTAssertEqual(retry.expiresAt, a.expiresAt)
        let b = try issue("b")
        XCTAssertEqual(try issue("a").status, .superseded, "a late retry never revives the old code")
        if a.code != b.code {
            XCTAssertEqual(try store.verifyOTP(loginID: login, code: a.code).reason, .invalid)
        }
        XCTAssertTrue(try store.verifyOTP(loginID: login, code: b.code).valid)
    }

    func testConcurrentVerifiersExactlyOneWins() throws {
        let issued = try issue("race")
        let tally = TokenTally()
        let store = self.store!, login = self.login
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do { tally.add(try store.verifyOTP(loginID: login, code: issued.code).reason?.rawValue ?? "valid") } catch {
                tally.add("error")
            }
        }
        XCTAssertEqual(tally["valid"], 1)
        // The losers find no active code: nothing to guess, so nothing counts.
        XCTAssertEqual(tally["no_active_code"], 7)
        XCTAssertEqual(try store.otpStatus(loginID: login).failedAttempts, 0)
    }

    func testCodesAreSixDigitsWithLeadingZerosAndRoughlyUniform() throws {
        let secret = try ServerSecret(bytes: TokenTestSupport.secretBytes)
        var firstDigit = [Int](repeating: 0, count: 10)
        var lastDigit = [Int](repeating: 0, count: 10)
        var zeroLed: [UInt8]?
        let n = 10_000
        for i in 0..<n {
            let seed = TokenTestSupport.seed("uniform-\(i)")
            let code = secret.otpCode(seed: seed)
            let digits = Array(code.utf8)
            XCTAssertEqual(digits.count, 6)
            XCTAssertTrue(digits.allSatisfy { (0x30...0x39).contains($0) }, code)
            firstDigit[Int(digits[0] - 0x30)] += 1
            lastDigit[Int(digits[5] - 0x30)] += 1
            if digits[0] == 0x30 && zeroLed == nil { zeroLed = seed }
        }
        // Chi-square, 9 degrees of freedom: 40 is far beyond the 99.99th percentile (≈ 33.7).
        for histogram in [firstDigit, lastDigit] {
            let expected = Double(n) / 10
            let chi = histogram.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
            XCTAssertLessThan(chi, 40, "\(histogram)")
        }
        // A code with a leading zero travels through the store intact.
        let seed = try XCTUnwrap(zeroLed)
        let issued = try store.issueOTP(loginID: "zero", seed: seed, lifetime: 60, jobID: "z")
        XCTAssertTrue(issued.code.hasPrefix("0"))
        XCTAssertTrue(try store.verifyOTP(loginID: "zero", code: issued.code).valid)
    }

    func testIssuedValuesAreRedactedInText() throws {
        let issued = try issue("a")
        var dumped = ""
        dump(issued, to: &dumped)
        XCTAssertFalse("\(issued)".contains(issued.code))
        XCTAssertFalse(dumped.contains(issued.code), dumped)
    }

    func testRevokingAnIssuanceKillsItsCodeAndALateRetryIsSuperseded() throws {
        let older = try issue("a")
        let current = try issue("b")
        XCTAssertFalse(try store.revokeOTP(loginID: login, seed: TokenTestSupport.seed("a")), "only the current issuance")
        XCTAssertFalse(try store.revokeOTP(loginID: "someone-else", seed: TokenTestSupport.seed("b")))
        XCTAssertTrue(try store.revokeOTP(loginID: login, seed: TokenTestSupport.seed("b")))
        XCTAssertFalse(try store.otpStatus(loginID: login).hasActiveCode)
        XCTAssertEqual(try store.verifyOTP(loginID: login, code: current.code).reason, .noActiveCode)
        XCTAssertEqual(try store.verifyOTP(loginID: login, code: older.code).reason, .noActiveCode)
        XCTAssertEqual(try issue("b").status, .superseded, "a late retry never brings the code back")
        XCTAssertFalse(try store.revokeOTP(loginID: login, seed: TokenTestSupport.seed("b")), "already withdrawn")
        XCTAssertTrue(try store.verifyOTP(loginID: login, code: try issue("c").code).valid, "a new issuance works")
    }
}

/// The same tests over `MemoryTokenStorage`.
/// (Linux's test discovery finds only methods a class declares itself, hence the overrides.)
final class OTPStoreOverMemoryTests: OTPStoreTests {
    override class var storageKind: TokenStorageKind { .memory }

    override func testTheRightCodeIsValidOnceThenNone() throws { try super.testTheRightCodeIsValidOnceThenNone() }
    override func testFiveWrongCodesLockUntilUnlockThenANewCodeWorks() throws {
        try super.testFiveWrongCodesLockUntilUnlockThenANewCodeWorks()
    }
    override func testSuccessResetsTheFailureCount() throws { try super.testSuccessResetsTheFailureCount() }
    override func testExpiryToTheSecondAndExpiredAttemptsCount() throws { try super.testExpiryToTheSecondAndExpiredAttemptsCount() }
    override func testCodesWithNothingIssuedAndMalformedCodesCountNothing() throws {
        try super.testCodesWithNothingIssuedAndMalformedCodesCountNothing()
    }
    override func testIssueIsIdempotentPerSeedAndANewSeedSupersedes() throws {
        try super.testIssueIsIdempotentPerSeedAndANewSeedSupersedes()
    }
    override func testConcurrentVerifiersExactlyOneWins() throws { try super.testConcurrentVerifiersExactlyOneWins() }
    override func testCodesAreSixDigitsWithLeadingZerosAndRoughlyUniform() throws {
        try super.testCodesAreSixDigitsWithLeadingZerosAndRoughlyUniform()
    }
    override func testIssuedValuesAreRedactedInText() throws { try super.testIssuedValuesAreRedactedInText() }
    override func testRevokingAnIssuanceKillsItsCodeAndALateRetryIsSuperseded() throws {
        try super.testRevokingAnIssuanceKillsItsCodeAndALateRetryIsSuperseded()
    }
}
