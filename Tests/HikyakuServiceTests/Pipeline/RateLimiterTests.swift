// RateLimiterTests.swift — per-kind limits by login and by address: counted, sliding, shared, surviving restarts.
import Foundation
import XCTest

@testable import HikyakuBase
@testable import HikyakuMail
@testable import HikyakuService
import HikyakuTestSupport

final class RateLimiterTests: XCTestCase {
    var directory: String!
    let start = Date(timeIntervalSince1970: 1_795_262_700)
    let resets = RateLimit(count: 3, windowSeconds: 900)

    override func setUpWithError() throws {
        directory = try Scratch.directory(prefix: "hk-limits").appendingPathComponent("limits").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent)
    }

    func limiter() -> RateLimiter { RateLimiter(directory: directory, limits: ["password_reset": resets]) }

    func testALoginGetsItsKindsCountPerWindowThenWaitsForTheOldestToLeave() throws {
        for second in 0..<3 {
            let decision = try limiter().admit(
                kind: "password_reset", login: "sanka1", address: "a\(second)@example.jp", now: start + Double(second))
            XCTAssertEqual(decision, .admitted)
        }
        let fourth = try limiter().admit(kind: "password_reset", login: "sanka1", address: "other@example.jp", now: start + 10)
        XCTAssertEqual(fourth, .limited(byLogin: true, limit: resets, until: start + 900))
        XCTAssertEqual(
            fourth.reason, "rate_limited: 3 per 15m for this login reached (next mail possible at 2026-11-21T12:20:00Z)")
        // A refused job is not counted: once the first admission leaves the window, one more fits.
        XCTAssertEqual(try limiter().admit(kind: "password_reset", login: "sanka1", address: "x@example.jp", now: start + 899), fourth)
        XCTAssertEqual(try limiter().admit(kind: "password_reset", login: "sanka1", address: "x@example.jp", now: start + 901), .admitted)
    }

    func testAnAddressIsLimitedWhateverLoginAsksAndWhateverItsCase() throws {
        for index in 0..<3 {
            XCTAssertEqual(
                try limiter().admit(kind: "password_reset", login: "login\(index)", address: "Victim@Example.jp", now: start), .admitted)
        }
        let decision = try limiter().admit(kind: "password_reset", login: "login9", address: "victim@example.jp", now: start + 1)
        guard case .limited(let byLogin, _, _) = decision else { return XCTFail("\(decision)") }
        XCTAssertFalse(byLogin)
        XCTAssertTrue(decision.reason?.contains("for this address") ?? false)
    }

    func testKindsWithoutALimitAndOtherKindsCountApart() throws {
        for second in 0..<10 {
            XCTAssertEqual(
                try limiter().admit(kind: "login_notice", login: "sanka1", address: "a@example.jp", now: start + Double(second)), .admitted)
        }
        for _ in 0..<3 { _ = try limiter().admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start) }
        let off = RateLimiter(directory: directory, limits: ["password_reset": RateLimit(count: 0, windowSeconds: 900)])
        XCTAssertEqual(
            try off.admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start), .admitted, "0 turns a limit off")
    }

    func testWorkersSharingTheDirectoryAdmitExactlyTheLimitBetweenThem() throws {
        let admitted = Locked(0)
        let limiter = limiter()
        let now = start
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            let decision = try? limiter.admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: now)
            if decision == .admitted { admitted.withLock { $0 += 1 } }
        }
        XCTAssertEqual(admitted.withLock { $0 }, 3)
    }

    func testADamagedCountForgetsRatherThanBlocks() throws {
        XCTAssertEqual(try limiter().admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start), .admitted)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            XCTAssertFalse(name.contains("sanka1") || name.contains("example"), "no login or address in a file name: \(name)")
            try Data("garbage\n\u{0}\n".utf8).write(to: URL(fileURLWithPath: "\(directory!)/\(name)"))
            let mode = try FileManager.default.attributesOfItem(atPath: "\(directory!)/\(name)")[.posixPermissions] as? NSNumber
            XCTAssertEqual(mode?.intValue, 0o600)
        }
        for _ in 0..<3 {
            XCTAssertEqual(try limiter().admit(kind: "password_reset", login: "sanka1", address: "a@example.jp", now: start + 1), .admitted)
        }
    }
}
