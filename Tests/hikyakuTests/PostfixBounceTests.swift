// PostfixBounceTests.swift — end to end with a real Postfix: a reset mail to a dead address is refused by the next hop, Postfix's own DSN comes back through pipe(8) or a maildir, and hikyaku suppresses the address.
import Foundation
import XCTest

/// hikyaku sends through a private Postfix; Postfix relays every domain to a loopback relay (the
/// internet's stand-in) that refuses `dead@remote.test` with 550 5.1.1 and `busy@remote.test`
/// with 450 4.2.0 at RCPT; Postfix's DSN to `bounces+TAG@bounce.test` comes back to hikyaku the
/// way docs/inbound.md's "Postfix configuration" says, read from the page itself. hikyaku runs as
/// a real account (pipe(8) names its user), which owns the spool, as a real install's `hikyaku` user.
final class PostfixBounceTests: XCTestCase {
    static let dead = "dead@remote.test"
    static let busy = "busy@remote.test"
    var space: Workspace!
    var account: TestAccount!
    var relay: Relay!
    var postfix: PrivatePostfix!

    override func setUpWithError() throws {
        try PrivatePostfix.require()
        try XCTSkipUnless(FileManager.default.fileExists(atPath: TestUser.setpriv), "needs setpriv")
        relay = try Relay(
            Relay.Options(rcptReplies: [
                Self.dead: "550 5.1.1 <\(Self.dead)>: Recipient address rejected: User unknown in virtual mailbox table",
                Self.busy: "450 4.2.0 <\(Self.busy)>: Recipient address rejected: Greylisted, try again later",
            ]), lifetimeSeconds: 170)
        account = try TestAccount.create()
        space = try Workspace()
        // The worker's user owns the directory holding the spool and the state; Postfix's pipe
        // and virtual(8), running as that user, reach the config and the maildir through it.
        chown(space.root.path, account.uid, account.gid)
        chmod(space.root.path, 0o755)
    }

    override func tearDown() {
        postfix?.stop()
        relay?.stop()
        space?.remove()
        account?.remove()
    }

    /// Writes hikyaku's config and starts Postfix with the page's subsection `way` (plus `main`).
    func start(way: String, hikyaku extra: [String: Any] = [:], main: [String] = []) throws {
        postfix = try PrivatePostfix()
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(postfix.smtpdPort)",
            extra: ["return_path": "bounces@bounce.test", "from": ["address": "noreply@portal.test"]].merging(extra) { $1 })
        chmod(space.configPath, 0o644)
        let documented = try DocumentedPostfix.read(way).adapted([
            ("bounce\\.portal\\.example\\.jp", "bounce\\.test"), ("bounce.portal.example.jp", "bounce.test"),
            ("/etc/postfix/", postfix.configDirectory + "/"), ("/usr/local/bin/hikyaku", Workspace.binary.path),
            ("/etc/hikyaku/hikyaku.json", space.configPath), ("user=hikyaku", "user=\(account.name)"),
            ("<uid of hikyaku>", "\(account.uid)"), ("<gid of hikyaku>", "\(account.gid)"), ("/var/lib/hikyaku", space.root.path),
        ])
        let mainLines = documented.lines("main.cf")
        var hashed: [String] = []
        for file in documented.files where !["main.cf", "master.cf"].contains(file.name) {
            let path = try postfix.write(file.name, file.lines.joined(separator: "\n") + "\n")
            if mainLines.contains(where: { $0.contains("hash:" + path) }) { hashed.append(path) }
        }
        // Every other domain goes to the relay: in real life, to the MX that DNS names.
        try postfix.start(
            main: mainLines + ["relayhost = [127.0.0.1]:\(relay.port)"] + main, master: documented.lines("master.cf"), hashed: hashed)
        XCTAssertEqual(try space.run(["init"], user: account.user).status, 0)
    }

    /// Hands job `id` (a password reset to `to`) to the spool and runs the worker once; it must be sent (to Postfix).
    func send(_ id: String, to address: String) throws {
        let handed = try space.run(["enqueue", "--id", id, "-"], stdin: Self.resetJob(address), user: account.user)
        XCTAssertEqual(handed.status, 0, handed.stderr)
        let run = try space.run(["run", "--once"], user: account.user)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(space.files("sent").contains("\(id).json"), run.stderr + postfix.log())
    }

    /// Waits (bounded, flushing Postfix's queue each second) until `directory` holds a file.
    func waitForMail(in directory: URL, timeout: TimeInterval = 30) -> [String] {
        var flushed = Date()
        let names = { ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") } }
        _ = eventually(timeout: timeout) {
            if Date().timeIntervalSince(flushed) > 1 {
                postfix.flush()
                flushed = Date()
            }
            return !names().isEmpty
        }
        return names()
    }

    func events() throws -> [[String: Any]] {
        let result = try space.run(["events", "--json", "--keep"], user: account.user)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// What the worker made of the returned messages (`inbound list done --json`).
    func processed() throws -> [[String: Any]] {
        let list = try space.run(["inbound", "list", "done", "--json"], user: account.user)
        XCTAssertEqual(list.status, 0, list.stderr)
        return try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["messages"] as? [[String: Any]])
    }

    func testPostfixsDSNThroughThePipeSuppressesTheAddressAndBouncesTheJob() throws {
        try start(way: "With the pipe")
        try send("reset-1", to: Self.dead)
        let stored = waitForMail(in: space.spool.appendingPathComponent("inbound/new"))
        XCTAssertEqual(stored.count, 1, postfix.log())
        XCTAssertTrue(postfix.log().contains("relay=hikyaku"), postfix.log())
        try assertTheBounceTakesEffect(job: "reset-1")
    }

    func testPostfixsDSNThroughAMaildirSuppressesTheAddressAndBouncesTheJob() throws {
        let maildir = space.root.appendingPathComponent("bounces")
        try start(way: "With a maildir", hikyaku: ["inbound_maildir": maildir.path])
        try send("reset-1", to: Self.dead)
        XCTAssertEqual(waitForMail(in: maildir.appendingPathComponent("new")).count, 1, postfix.log())
        var info = stat()
        XCTAssertEqual(stat(maildir.path, &info), 0)
        XCTAssertEqual(info.st_uid, account.uid, "virtual(8) made the maildir as the worker's user")
        try assertTheBounceTakesEffect(job: "reset-1")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path), [])
    }

    /// The DSN stored, the worker runs: the job bounced, the address suppressed, the event
    /// written, and the next job to the address fails `suppressed` without reaching Postfix.
    func assertTheBounceTakesEffect(job id: String) throws {
        let run = try space.run(["run", "--once"], user: account.user)
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try XCTUnwrap(try processed().first, run.stderr)
        XCTAssertEqual(report["kind"] as? String, "bounce", "\(report)")
        XCTAssertEqual(report["format"] as? String, "rfc3464", "\(report)")
        XCTAssertEqual(report["job"] as? String, id, "\(report)")
        XCTAssertEqual(space.files("bounced"), ["\(id).json"], run.stderr)
        XCTAssertEqual(space.files("sent"), [])
        let show = try space.run(["show", id], user: account.user)
        XCTAssertTrue(show.stdout.contains("hard bounce 5.1.1 userunknown"), show.stdout)

        XCTAssertEqual(try space.run(["suppression", "check", "--email", Self.dead], user: account.user).status, 1)
        let bounced = try events().filter { $0["state"] as? String == "bounced" }
        XCTAssertEqual(bounced.map { $0["job"] as? String }, [id], "\(bounced)")

        try space.run(["enqueue", "--id", "reset-2", "-"], stdin: Self.resetJob(Self.dead), user: account.user)
        XCTAssertEqual(try space.run(["run", "--once"], user: account.user).status, 0)
        XCTAssertEqual(space.files("failed").filter { $0.hasSuffix(".json") }, ["reset-2.json"])
        let failed = try events().first { $0["job"] as? String == "reset-2" }
        XCTAssertTrue((failed?["reason"] as? String)?.hasPrefix("suppressed:") == true, "\(String(describing: failed))")
        let tried = relay.events().filter { $0["event"] as? String == "rcpt" && $0["recipient"] as? String == Self.dead }
        XCTAssertEqual(tried.count, 1, "the suppressed job never reached Postfix")
    }

    static func resetJob(_ address: String) -> String {
        "{\"version\":1,\"kind\":\"password_reset\",\"locale\":\"en\",\"to\":\"\(address)\",\"login_id\":\"sanka1\",\"data\":{}}"
    }

    /// Sends job `reset-1` to the address the relay answers 450, waits for what Postfix returns
    /// through the pipe and runs the worker; what the worker made of it.
    func sendToTheBusyAddress(main: [String]) throws -> [String: Any] {
        try start(way: "With the pipe", main: main)
        try send("reset-1", to: Self.busy)
        XCTAssertEqual(waitForMail(in: space.spool.appendingPathComponent("inbound/new")).count, 1, postfix.log())
        let run = try space.run(["run", "--once"], user: account.user)
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try XCTUnwrap(try processed().first, run.stderr)
        XCTAssertEqual(report["job"] as? String, "reset-1", "\(report)")
        XCTAssertEqual(space.files("sent"), ["reset-1.json"], "nothing moves the job")
        XCTAssertEqual(try space.run(["suppression", "check", "--email", Self.busy], user: account.user).status, 0)
        return report
    }

    /// The states of the events written for job `reset-1`.
    func eventStates() throws -> [String] {
        try events().filter { $0["job"] as? String == "reset-1" }.compactMap { $0["state"] as? String }
    }

    func testPostfixsDelayNoticeForA4xxChangesNothing() throws {
        // The notice goes out at the first deferral past delay_warning_time.
        let report = try sendToTheBusyAddress(main: ["delay_warning_time = 1s"])
        XCTAssertEqual(report["kind"] as? String, "delayed", "\(report)")
        let states = try eventStates()
        XCTAssertTrue(states.contains("delayed"), "\(states)")
        XCTAssertFalse(states.contains("bounced"), "\(states)")
    }

    func testA4xxUntilPostfixGivesUpIsASoftBounceThatSuppressesNothingAtOnce() throws {
        // maximal_queue_lifetime = 0: one attempt, then Postfix returns the mail (Action failed, Status 4.2.0): expired, soft.
        let report = try sendToTheBusyAddress(main: ["maximal_queue_lifetime = 0"])
        XCTAssertEqual(report["kind"] as? String, "bounce", "\(report)")
        XCTAssertEqual(report["reason"] as? String, "expired", "\(report)")
        let states = try eventStates()
        XCTAssertTrue(states.contains("soft_bounced"), "\(states)")
        XCTAssertFalse(states.contains("bounced"), "\(states)")
    }
}
