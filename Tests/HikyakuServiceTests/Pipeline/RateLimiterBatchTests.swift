// RateLimiterBatchTests.swift — a batch of rate-limit decisions under one lock equals the same admissions one after another.
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

@testable import HikyakuBase
@testable import HikyakuMail
@testable import HikyakuService
import HikyakuTestSupport

final class RateLimiterBatchTests: XCTestCase {
    var scratch: URL!
    let start = Date(timeIntervalSince1970: 1_795_262_700)
    let limits = ["password_reset": RateLimit(count: 3, windowSeconds: 900), "otp_code": RateLimit(count: 2, windowSeconds: 60)]

    override func setUpWithError() throws {
        scratch = try Scratch.directory(prefix: "hk-limit-batch")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: scratch)
    }

    func limiter(_ name: String) -> RateLimiter { RateLimiter(directory: scratch.appendingPathComponent(name).path, limits: limits) }

    func journal(_ name: String) throws -> Data { try Data(contentsOf: scratch.appendingPathComponent(name + "/journal")) }

    func testABatchDecidesAndCountsExactlyAsTheSameAdmissionsOneAfterAnother() throws {
        // A fixed pseudo-random mix: few logins and addresses (so limits bite), kinds with and
        // without a limit, repeated tags (a job handed back), times moving through the windows.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var requests: [RateLimiter.Request] = []
        var second = 0.0
        for _ in 0..<400 {
            second += Double(next(4)) * 1.5
            let kind = ["password_reset", "otp_code", "login_notice"][next(3)]
            let tag = next(3) == 0 ? UInt32(1 + next(5)) : 0
            requests.append(
                .init(kind: kind, login: "login\(next(4))", address: "User\(next(5))@example.jp", now: start + second, tag: tag))
        }
        let sequential = limiter("one"), batched = limiter("batch")
        let expected = requests.map { request in
            Result { () throws(IOFailure) -> RateLimiter.Decision in
                try sequential.admit(
                    kind: request.kind, login: request.login, address: request.address, now: request.now, tag: request.tag)
            }
        }
        var decided: [Result<RateLimiter.Decision, IOFailure>] = []
        var rest = requests[...]
        while !rest.isEmpty {
            let size = 1 + next(12)
            decided += batched.admit(Array(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        XCTAssertEqual(decided, expected)
        XCTAssertGreaterThan(expected.filter { $0 == .success(.admitted) }.count, 50)
        XCTAssertGreaterThan(expected.filter { (try? $0.get().reason) != nil }.count, 50, "limits were reached")
        XCTAssertEqual(try journal("batch"), try journal("one"), "the same lines, in the same order")
    }

    func testMailsOfOneLoginInOneBatchCountAgainstEachOtherAndATagIsCountedOnce() throws {
        let limiter = limiter("limits")
        let reset = { (address: String, second: Double, tag: UInt32) in
            RateLimiter.Request(kind: "password_reset", login: "sanka1", address: address, now: self.start + second, tag: tag)
        }
        let results = limiter.admit([
            reset("a@example.jp", 0, 7), reset("b@example.jp", 1, 7), reset("c@example.jp", 2, 0), reset("d@example.jp", 3, 0),
            reset("e@example.jp", 4, 0),
        ])
        let limit = limits["password_reset"]!
        XCTAssertEqual(
            results,
            [
                .success(.admitted), .success(.admitted), .success(.admitted), .success(.admitted),
                .success(.limited(byLogin: true, limit: limit, until: start + 900)),
            ], "the second of tag 7 is the first again, not counted")
        XCTAssertEqual(String(decoding: try journal("limits"), as: UTF8.self).split(separator: "\n").count, 6, "two lines per counted mail")
    }

    func testAJournalThatCannotBeReadFailsEveryLimitedRequestOfTheBatchAndNoOther() throws {
        FileManager.default.createFile(atPath: scratch.appendingPathComponent("blocked").path, contents: Data())
        let results = limiter("blocked").admit([
            .init(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start),
            .init(kind: "login_notice", login: "sanka1", address: "a@example.jp", now: start),
            .init(kind: "otp_code", login: "sanka1", address: "a@example.jp", now: start),
        ])
        XCTAssertEqual(results.map { (try? $0.get()) == nil }, [true, false, true])
        XCTAssertEqual(results[1], .success(.admitted))
        XCTAssertEqual(limiter("empty").admit([]), [])
    }

    func testWhenTheCountsCannotBeWrittenOnlyTheRequestsToCountFailALimitedOneStaysLimited() throws {
        let limiter = limiter("readonly")
        // Login "full" reaches its limit of 3 (the last one under tag 7).
        for tag: UInt32 in [0, 0, 7] {
            XCTAssertEqual(
                try limiter.admit(kind: "password_reset", login: "full", address: "f@example.jp", now: start, tag: tag), .admitted)
        }
        // The journal's descriptor now refuses writes (it reads as before).
        let descriptor = try limiter.journal.withCurrent { (state: inout RateLimiter.Journal.State) throws(IOFailure) -> Int32 in
            state.descriptor
        }
        let readOnly = open(scratch.appendingPathComponent("readonly/journal").path, O_RDONLY | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(readOnly, 0)
        XCTAssertEqual(dup2(readOnly, descriptor), descriptor)
        close(readOnly)
        let results = limiter.admit([
            .init(kind: "password_reset", login: "fresh", address: "n@example.jp", now: start),  // to be counted: fails
            .init(kind: "password_reset", login: "full", address: "g@example.jp", now: start),  // over the limit: stays limited
            .init(kind: "password_reset", login: "full", address: "f@example.jp", now: start, tag: 7),  // counted before: admitted
        ])
        XCTAssertNil(try? results[0].get(), "the write failed: this job waits and retries")
        guard case .success(.limited(byLogin: true, _, _)) = results[1] else { return XCTFail("\(results[1])") }
        XCTAssertEqual(results[2], .success(.admitted))
    }
}
