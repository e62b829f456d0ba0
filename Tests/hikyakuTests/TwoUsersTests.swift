// TwoUsersTests.swift — the two-user layout (web_group): the web tier's uid hands off and verifies, and reads no record.
import Foundation
import XCTest

final class TwoUsersTests: XCTestCase {
    var space: Workspace!
    var group: TestGroup!
    var worker: TestUser!
    var web: TestUser!

    override func setUpWithError() throws {
        try XCTSkipUnless(getuid() == 0 && FileManager.default.fileExists(atPath: TestUser.setpriv), "needs root and setpriv")
        space = try Workspace()
        group = try TestGroup.create()
        let ids = TestUser.unusedIDs(2)
        // Both are in the group: the worker reads the jobs and records members write through it.
        worker = TestUser(uid: ids[0], gid: ids[0], groups: [group.id])
        web = TestUser(uid: ids[1], gid: ids[1], groups: [group.id])
        try space.writeFileConfig(extra: ["web_group": group.name])
        chmod(space.configPath, 0o644)
        // The worker's user owns the directory holding the spool, the state and the outbox.
        chown(space.root.path, worker.uid, worker.gid)
        chmod(space.root.path, 0o755)
    }

    override func tearDown() {
        space?.remove()
        group?.remove()
    }

    private func job(kind: String, login: String, to: String) -> String {
        "{\"version\":1,\"kind\":\"\(kind)\",\"locale\":\"en\",\"to\":\"\(to)\",\"login_id\":\"\(login)\",\"data\":{}}"
    }

    private func mode(_ path: URL) -> (mode: UInt32, gid: UInt32) {
        var info = stat()
        XCTAssertEqual(lstat(path.path, &info), 0, path.path)
        return (UInt32(info.st_mode) & 0o7777, UInt32(info.st_gid))
    }

    func testTheWebUserHandsOffAndVerifiesButReadsNoRecord() throws {
        let initialized = try space.run(["init"], timeout: 60, user: worker)
        XCTAssertEqual(initialized.status, 0, initialized.stderr)
        XCTAssertEqual(mode(space.spool).mode, 0o710)
        XCTAssertEqual(mode(space.spool.appendingPathComponent("new")).mode, 0o3770)
        XCTAssertEqual(mode(space.spool.appendingPathComponent("new")).gid, group.id)
        XCTAssertEqual(mode(space.spool.appendingPathComponent("sent")).mode, 0o700)
        XCTAssertEqual(mode(space.state.appendingPathComponent("tokens")).mode, 0o2770)
        XCTAssertEqual(mode(space.state.appendingPathComponent("secret")).mode, 0o640)

        for (id, kind) in [("link1", "password_reset"), ("code1", "otp_code")] {
            let handed = try space.run(
                ["enqueue", "--id", id, "-"], stdin: job(kind: kind, login: "sanka1", to: "omori@example.co.jp"), timeout: 60, user: web)
            XCTAssertEqual(handed.status, 0, handed.stderr)
            XCTAssertEqual(mode(space.spool.appendingPathComponent("new/\(id).json")).mode, 0o640)
        }
        let ran = try space.run(["run", "--once"], timeout: 120, user: worker)
        XCTAssertEqual(ran.status, 0, ran.stderr)
        XCTAssertEqual(space.files("sent"), ["link1.json", "code1.json"].sorted(), space.files("failed").joined(separator: " "))
        let link = try XCTUnwrap(DeliveredSecret.find(in: try XCTUnwrap(try space.outboxMail(job: "link1")).text, kind: "password_reset"))
        let code = try XCTUnwrap(DeliveredSecret.find(in: try XCTUnwrap(try space.outboxMail(job: "code1")).text, kind: "otp_code"))

        let peek = try space.run(["token", "peek", "--token", "-"], stdin: link.value + "\n", timeout: 60, user: web)
        XCTAssertEqual(peek.status, 0, peek.stdout + peek.stderr)
        XCTAssertEqual(jsonObject(peek)["valid"] as? Bool, true)
        let consume = try space.run(
            ["token", "consume", "--token", link.value, "--login", "sanka1", "--email", "omori@example.co.jp"], timeout: 60, user: web)
        XCTAssertEqual(consume.status, 0, consume.stdout + consume.stderr)
        let again = try space.run(
            ["token", "consume", "--token", link.value, "--login", "sanka1", "--email", "omori@example.co.jp"], timeout: 60, user: web)
        XCTAssertEqual(jsonObject(again)["reason"] as? String, "used")
        let verified = try space.run(["otp", "verify", "--login", "sanka1", "--code", code.value], timeout: 60, user: web)
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)

        // The records (seeds, addresses) and the terminal states stay the worker's.
        let sent = space.spool.appendingPathComponent("sent").path, failed = space.spool.appendingPathComponent("failed").path
        XCTAssertNotEqual(try web.shell("cat \(sent)/link1.json"), 0, "the web user read a record")
        XCTAssertNotEqual(try web.shell("ls \(sent)"), 0)
        XCTAssertNotEqual(try web.shell("echo x > \(sent)/forged.json"), 0)
        XCTAssertNotEqual(try web.shell("echo x > \(failed)/forged.json"), 0)
        XCTAssertNotEqual(try web.shell("mv \(sent)/link1.json \(space.spool.path)/new/"), 0)
        XCTAssertEqual(try worker.shell("cat \(sent)/link1.json > /dev/null"), 0)
        // The worker's user still runs fine over what the web user wrote.
        XCTAssertEqual(try space.run(["run", "--once"], timeout: 120, user: worker).status, 0)
        // The web user reads what became of its mails, and acknowledges them.
        let events = try space.run(["events", "--json"], timeout: 60, user: web)
        XCTAssertEqual(events.status, 0, events.stderr)
        XCTAssertTrue(events.stdout.contains("\"job\":\"link1\""), events.stdout)
        XCTAssertFalse(events.stdout.contains("\"seed"), events.stdout)
        XCTAssertEqual(try space.run(["events"], timeout: 60, user: web).stdout, "", "acknowledged by the web user")
    }

    func testTheWorkerRefusesALooserLayout() throws {
        XCTAssertEqual(try space.run(["init"], timeout: 60, user: worker).status, 0)
        let new = space.spool.appendingPathComponent("new").path, sent = space.spool.appendingPathComponent("sent").path
        for (path, loose, tight) in [(new, 0o3777, 0o3770), (new, 0o2770, 0o3770), (sent, 0o750, 0o700)] as [(String, mode_t, mode_t)] {
            chmod(path, loose)
            let refused = try space.run(["run", "--once"], timeout: 60, user: worker)
            XCTAssertEqual(refused.status, 78, "mode \(String(loose, radix: 8)) of \(path): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains(path) && refused.stderr.contains("chmod"), refused.stderr)
            chmod(path, tight)
        }
        let secret = space.state.appendingPathComponent("secret").path
        chmod(secret, 0o644)
        let open = try space.run(["token", "peek", "--token", "x"], timeout: 60, user: web)
        XCTAssertEqual(open.status, 78, open.stderr)
        XCTAssertTrue(open.stderr.contains("chmod 640"), open.stderr)
        chmod(secret, 0o640)
        // A worker outside the group could not read what members drop: refused up front.
        let outsider = TestUser(uid: worker.uid, gid: worker.gid, groups: [])
        let alone = try space.run(["run", "--once"], timeout: 60, user: outsider)
        XCTAssertEqual(alone.status, 78, alone.stderr)
        XCTAssertTrue(alone.stderr.contains("usermod -aG \(group.name)"), alone.stderr)
        XCTAssertEqual(try space.run(["run", "--once"], timeout: 60, user: worker).status, 0)
    }

    func testAnUnknownGroupIsAConfigError() throws {
        try space.writeFileConfig(extra: ["web_group": "no-such-group-\(getpid())"])
        let refused = try space.run(["init"], timeout: 60)
        XCTAssertEqual(refused.status, 78, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("web_group"), refused.stderr)
    }
}
