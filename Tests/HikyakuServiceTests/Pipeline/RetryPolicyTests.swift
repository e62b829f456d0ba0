// RetryPolicyTests.swift — backoff doubles and caps, jitter stays within ±20 %, give-up at the deadline or expiry.
import Foundation
import XCTest
@testable import HikyakuService

final class RetryPolicyTests: XCTestCase {
    let start = Date(timeIntervalSince1970: 1_795_262_700)

    func policy(random: Double, first: Int = 30, maximum: Int = 900, giveUp: Int = 86400) -> RetryPolicy {
        RetryPolicy(Config.Retry(firstSeconds: first, maxSeconds: maximum, giveUpAfterSeconds: giveUp), random: { random })
    }

    func testDelayDoublesPerAttemptAndIsCapped() {
        let middle = policy(random: 0.5)  // no jitter at the middle of the range
        XCTAssertEqual((1...8).map { middle.delay(attempt: $0) }, [30, 60, 120, 240, 480, 900, 900, 900])
        XCTAssertEqual(middle.delay(attempt: 10_000), 900, "huge attempt counts never overflow")
    }

    func testJitterSpreadsByTwentyPercentAndNeverExceedsTheMaximum() {
        XCTAssertEqual(policy(random: 0).delay(attempt: 1), 24, accuracy: 1e-9)
        XCTAssertEqual(policy(random: 0.999_999).delay(attempt: 1), 36, accuracy: 1e-3)
        XCTAssertEqual(policy(random: 0).delay(attempt: 7), 720, accuracy: 1e-9)
        XCTAssertEqual(policy(random: 0.999_999).delay(attempt: 7), 900, "jitter above the cap is cut to the cap")
        let real = RetryPolicy(Config.Retry())
        let delays = (0..<200).map { _ in real.delay(attempt: 2) }
        XCTAssertTrue(delays.allSatisfy { (48...72).contains($0) }, "\(delays.min()!)…\(delays.max()!)")
        XCTAssertGreaterThan(Set(delays).count, 1, "the default randomness varies")
    }

    func testRetryIsScheduledAtTheDelay() {
        let decision = policy(random: 0.5).decide(attempts: 3, now: start, received: start, expires: nil, lastReply: "450 busy")
        XCTAssertEqual(decision, .retry(at: start.addingTimeInterval(120)))
    }

    func testTheLastRetryLandsOnTheGiveUpDeadlineThenItGivesUpWithTheLastReply() {
        let p = policy(random: 0.5, giveUp: 86400)
        let received = start
        let late = received.addingTimeInterval(86400 - 100)
        XCTAssertEqual(
            p.decide(attempts: 50, now: late, received: received, expires: nil, lastReply: "x"),
            .retry(at: received.addingTimeInterval(86400)), "never scheduled past the deadline")
        let due = received.addingTimeInterval(86400)
        XCTAssertEqual(
            p.decide(attempts: 51, now: due, received: received, expires: nil, lastReply: "451 4.3.0 try later"),
            .giveUp(reason: "gave up after 51 attempts over 24h: last reply 451 4.3.0 try later"))
    }

    func testALinkOrCodeJobRetriesNoLaterThanItsExpiryAndFailsOnceExpired() {
        let p = policy(random: 0.5)
        let expires = start.addingTimeInterval(300)
        XCTAssertEqual(
            p.decide(attempts: 4, now: start.addingTimeInterval(200), received: start, expires: expires, lastReply: "x"),
            .retry(at: expires))
        XCTAssertEqual(
            p.decide(attempts: 5, now: expires, received: start, expires: expires, lastReply: "421 closing"),
            .giveUp(reason: "expired before delivery after 5 attempts: last reply 421 closing"))
        XCTAssertEqual(RetryPolicy.expiredReason(attempts: 0, lastReply: nil), "expired before delivery")
        XCTAssertEqual(
            RetryPolicy.expiredReason(attempts: 1, lastReply: "450 x"), "expired before delivery after 1 attempt: last reply 450 x")
    }

    func testSpansReadLikeAnOperatorWouldWriteThem() {
        XCTAssertEqual(RetryPolicy.span(86400), "24h")
        XCTAssertEqual(RetryPolicy.span(5400), "1h30m")
        XCTAssertEqual(RetryPolicy.span(900), "15m")
        XCTAssertEqual(RetryPolicy.span(45), "45s")
        XCTAssertEqual(RetryPolicy.span(3725), "1h2m5s")
    }
}
