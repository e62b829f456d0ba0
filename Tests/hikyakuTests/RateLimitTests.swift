// RateLimitTests.swift — one address cannot be mail-bombed through the reset form: limits per kind, per login and address.
import Foundation
import XCTest

final class RateLimitTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    var outbox: URL { space.root.appendingPathComponent("outbox") }

    func reset(_ id: String, login: String, to: String) -> [String: Any] {
        ["version": 1, "kind": "password_reset", "locale": "en", "to": to, "login_id": login, "data": [String: Any]()]
    }

    func mailed() -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: outbox.appendingPathComponent("new").path)) ?? []).count }

    func testTenResetsForOneAddressMailThreeAndFailTheRestRateLimited() throws {
        try space.writeConfig(transport: "file:\(outbox.path)")
        // Ten reset requests for one victim within a second, through several logins.
        for index in 0..<10 {
            try space.produce(id: "r\(index)", job: reset("r\(index)", login: "login\(index % 2)", to: "victim@example.com"))
        }
        let metrics = space.root.appendingPathComponent("hikyaku.prom").path
        let run = try space.run(["run", "--once", "--metrics-file", metrics])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(mailed(), 3, "the default: 3 resets per 15 minutes")
        let failed = space.files("failed").filter { $0.hasSuffix(".reason") }
        XCTAssertEqual(failed.count, 7)
        for name in failed {
            let reason = try String(contentsOf: space.spool.appendingPathComponent("failed/\(name)"), encoding: .utf8)
            XCTAssertTrue(reason.hasPrefix("rate_limited: 3 per 15m for this "), reason)
        }
        // Operators see the reason; metrics count it apart from failures.
        let list = try space.run(["list", "failed", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("rate_limited: 3 per 15m"), list.stdout)
        let prometheus = try String(contentsOfFile: metrics, encoding: .utf8)
        XCTAssertTrue(prometheus.contains("hikyaku_deliveries_total{kind=\"password_reset\",outcome=\"rate_limited\"} 7"), prometheus)
        XCTAssertTrue(prometheus.contains("hikyaku_deliveries_total{kind=\"password_reset\",outcome=\"failed\"} 0"), prometheus)
        // No link was issued for a limited job: nothing in the token store names it.
        let tokens = try FileManager.default.contentsOfDirectory(atPath: space.state.appendingPathComponent("tokens").path)
        XCTAssertEqual(tokens.filter { $0.hasSuffix(".json") }.count, 3, tokens.description)

        // The counts outlive the worker: a new one still refuses this address, not another one.
        try space.produce(id: "again", job: reset("again", login: "login7", to: "Victim@Example.com"))
        try space.produce(id: "other", job: reset("other", login: "login8", to: "someone@example.com"))
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertTrue(space.files("failed").contains("again.json"))
        XCTAssertTrue(space.files("sent").contains("other.json"))
        XCTAssertEqual(mailed(), 4)
    }

    func testTheConfigSetsOrLiftsAKindsLimit() throws {
        try space.writeConfig(
            transport: "file:\(outbox.path)",
            extra: ["rate_limits": ["password_reset": ["count": 1], "login_notice": NSNull()]])
        for index in 0..<3 { try space.produce(id: "r\(index)", job: reset("r\(index)", login: "sanka1", to: "a@example.com")) }
        for index in 0..<12 {
            var notice = Workspace.cheapJob("login_notice", id: "n\(index)")
            notice["login_id"] = "sanka1"
            try space.produce(id: "n\(index)", job: notice)
        }
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("sent").filter { $0.hasPrefix("r") }.count, 1)
        XCTAssertEqual(space.files("sent").filter { $0.hasPrefix("n") }.count, 12, "login notices unlimited")
        try space.writeConfig(transport: "file:\(outbox.path)", extra: ["rate_limits": ["postcard": ["count": 1]]])
        let refused = try space.run(["status"])
        XCTAssertEqual(refused.status, 78, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("rate_limits.postcard"), refused.stderr)
    }
}
