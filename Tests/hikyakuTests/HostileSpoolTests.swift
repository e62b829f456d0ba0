// HostileSpoolTests.swift — whatever lands in new/ is quarantined with a reason and never blocks the running worker.
import Foundation
import XCTest

final class HostileSpoolTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
    }

    override func tearDown() {
        space.remove()
    }

    func testEveryHostileEntryIsQuarantinedWithAReasonWhileGoodJobsAreDelivered() throws {
        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        // One sending thread: a FIFO opened for reading, or a followed link, would stall everything after it.
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["smtp": ["connections": 1, "timeout_seconds": 5]])
        try space.produce(id: "good1", job: Workspace.cheapJob("login_notice", id: "good1"))
        let worker = try BackgroundRun(space, ["run"])
        XCTAssertTrue(eventually(timeout: 10) { self.space.files("sent") == ["good1.json"] }, worker.log)

        // Outside the spool: job files a link must never reach.
        let outside = space.root.appendingPathComponent("outside.json")
        let outsideBytes = try JSONSerialization.data(withJSONObject: Workspace.cheapJob("login_notice", id: "outside"))
        try outsideBytes.write(to: outside)
        let linked = space.root.appendingPathComponent("linked.json")
        try outsideBytes.write(to: linked)
        // Each entry is made in tmp/ and handed off by rename, as a producer would.
        let tmp = space.spool.appendingPathComponent("tmp").path
        XCTAssertEqual(symlink(outside.path, tmp + "/link.json"), 0)
        XCTAssertEqual(mkfifo(tmp + "/fifo.json", 0o600), 0)
        XCTAssertEqual(mkdir(tmp + "/dir.json", 0o700), 0)
        FileManager.default.createFile(atPath: tmp + "/dir.json/inside.json", contents: outsideBytes)
        XCTAssertEqual(link(linked.path, tmp + "/hard.json"), 0)
        FileManager.default.createFile(
            atPath: tmp + "/big.json", contents: Data(("{\"pad\":\"" + String(repeating: "x", count: 70_000) + "\"}").utf8))
        FileManager.default.createFile(
            atPath: tmp + "/deep.json", contents: Data((String(repeating: "[", count: 40) + String(repeating: "]", count: 40)).utf8))
        let long = String(repeating: "x", count: 100) + ".json"
        let oddNames = ["with space.json", "a.b.json", long, "noext"]
        for name in oddNames { FileManager.default.createFile(atPath: tmp + "/" + name, contents: outsideBytes) }
        let notUTF8: [UInt8] = Array("bad-".utf8) + [0xC3, 0x28] + Array(".json".utf8)
        let rawTmp = Array(tmp.utf8) + [0x2F] + notUTF8
        let fd = open(rawTmp.map { CChar(bitPattern: $0) } + [0], O_WRONLY | O_CREAT | O_EXCL, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        FileManager.default.createFile(atPath: tmp + "/.dotfile.json", contents: Data("{".utf8))

        let new = space.spool.appendingPathComponent("new").path
        for name in ["link.json", "fifo.json", "dir.json", "hard.json", "big.json", "deep.json", ".dotfile.json"] + oddNames {
            XCTAssertEqual(rename(tmp + "/" + name, new + "/" + name), 0, name)
        }
        let rawNew = Array(new.utf8) + [0x2F] + notUTF8
        XCTAssertEqual(rename(rawTmp.map { CChar(bitPattern: $0) } + [0], rawNew.map { CChar(bitPattern: $0) } + [0]), 0)
        for id in ["good2", "good3"] { try space.produce(id: id, job: Workspace.cheapJob("deletion_notice", id: id)) }

        // 6 named entries + 5 odd names, each with a reason; the good jobs behind them are delivered.
        let settled = eventually(timeout: 20) {
            self.space.files("sent").count == 3 && self.space.files("corrupt").filter { $0.hasSuffix(".reason") }.count == 11
        }
        XCTAssertTrue(settled, "sent: \(space.files("sent")), corrupt: \(space.files("corrupt"))\n\(worker.log.suffix(3000))")
        XCTAssertTrue(worker.isRunning, "the worker keeps running")
        worker.send(SIGTERM)
        XCTAssertEqual(worker.waitForExit(timeout: 30), 0, worker.log)

        XCTAssertEqual(space.files("sent"), ["good1.json", "good2.json", "good3.json"])
        XCTAssertEqual(space.files("new"), [".dotfile.json"], "dot files are the producer's business")
        XCTAssertEqual(space.files("active"), [])
        XCTAssertEqual(Set(sink.deliveriesByJob().keys), ["good1", "good2", "good3"], "nothing behind a link or hard link was mailed")
        let expected = [
            "link": "symbolic link", "fifo": "FIFO", "dir": "directory", "hard": "hard links", "big": "over the 65536-byte limit",
            "deep": "nested deeper than 8",
        ]
        for (id, phrase) in expected {
            let reason = try String(contentsOf: space.spool.appendingPathComponent("corrupt/\(id).reason"), encoding: .utf8)
            XCTAssertTrue(reason.contains(phrase), "\(id): \(reason)")
            XCTAssertEqual(reason.filter { $0 == "\n" }.count, 1, "one line")
        }
        let oddReasons = try space.files("corrupt").filter { $0.hasPrefix("entry-") && $0.hasSuffix(".reason") }.map {
            try String(contentsOf: space.spool.appendingPathComponent("corrupt/\($0)"), encoding: .utf8)
        }
        XCTAssertEqual(oddReasons.count, 5)
        XCTAssertTrue(oddReasons.allSatisfy { $0.contains("does not follow <id>.json") }, "\(oddReasons)")
        for name in oddNames { XCTAssertTrue(oddReasons.contains { $0.contains("(was new/\(name))") }, name) }
        // Never followed: the link itself moved, its target is untouched; the hard-linked file is intact.
        var info = stat()
        XCTAssertEqual(lstat(space.spool.appendingPathComponent("corrupt/link.json").path, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK)
        XCTAssertEqual(try Data(contentsOf: outside), outsideBytes)
        XCTAssertEqual(try Data(contentsOf: linked), outsideBytes)
        XCTAssertGreaterThanOrEqual(worker.events("quarantined").count, 11)
        XCTAssertEqual(
            worker.events("quarantine_error").count + worker.events("claim_error").count + worker.events("read_error").count, 0, worker.log)
    }

    func testEveryCommandRefusesAWorldWritableTokenStateWithOneLineAndExit78() throws {
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        XCTAssertEqual(try space.run(["init"]).status, 0, "a safe state starts")
        let commands = [
            ["run", "--once"], ["init"], ["token", "revoke", "--login", "sanka1"], ["token", "sweep"],
            ["token", "peek", "--token", "x", "--login", "sanka1", "--email", "omori@example.co.jp"],
            ["otp", "status", "--login", "sanka1"], ["otp", "unlock", "--login", "sanka1"],
            ["otp", "verify", "--login", "sanka1", "--code", "123456"],
        ]
        for sub in ["", "/otp", "/tokens"] {
            let path = space.state.path + sub
            chmod(path, 0o777)
            for words in commands {
                let run = try space.run(words)
                XCTAssertEqual(run.status, 78, "\(sub) \(words): \(run.stderr)")
                XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
                XCTAssertTrue(run.stderr.contains(path + ":") && run.stderr.contains("chmod 700"), run.stderr)
                XCTAssertEqual(run.stdout, "", "\(words) did nothing")
            }
            chmod(path, 0o700)
        }
        let secret = space.state.appendingPathComponent("secret").path
        chmod(secret, 0o644)
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 78, run.stderr)
        XCTAssertTrue(run.stderr.contains("chmod 600"), run.stderr)
        chmod(secret, 0o600)
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0, "fixed, it starts again")
    }

    func testTheWorkerRefusesAnUnsafeSpoolWithOneLineAndExit78() throws {
        try space.writeConfig(transport: "file:\(space.root.appendingPathComponent("outbox").path)")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0, "a safe spool starts")
        let new = space.spool.appendingPathComponent("new").path
        func refuses(_ phrase: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let run = try space.run(["run", "--once"])
            XCTAssertEqual(run.status, 78, run.stderr, file: file, line: line)
            let lines = run.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, run.stderr, file: file, line: line)
            XCTAssertTrue(run.stderr.contains(phrase), run.stderr, file: file, line: line)
        }
        chmod(new, 0o770)
        try refuses("group- or world-writable")
        chmod(new, 0o700)
        chmod(space.spool.path, 0o707)
        try refuses("group- or world-writable")
        chmod(space.spool.path, 0o700)
        let hold = space.spool.appendingPathComponent("hold").path
        rmdir(hold)
        symlink(space.root.path, hold)
        try refuses("is not a directory")
        unlink(hold)
        mkdir(hold, 0o700)
        if geteuid() == 0 {
            let failed = space.spool.appendingPathComponent("failed").path
            chown(failed, 65534, 65534)
            try refuses("owned by uid 65534")
            chown(failed, 0, 0)
        }
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0, "fixed, it starts again")
    }

    func testAnUnwritableOutboxDefersWithAClearReplyAndLosesNothing() throws {
        let outbox = space.root.appendingPathComponent("outbox")
        for sub in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(at: outbox.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try space.writeConfig(transport: "file:\(outbox.path)")
        try space.produce(id: "mail1", job: Workspace.cheapJob("login_notice", id: "mail1"))
        let undo = try makeUnwritable(outbox.appendingPathComponent("new").path)
        var undone = false
        defer { if !undone { undo() } }
        let run = try space.run(["run", "--once"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(space.files("deferred"), ["mail1.json"])
        let attempt = try XCTUnwrap((try space.record("deferred", "mail1")["attempts"] as? [[String: Any]])?.last)
        let reply = attempt["reply"] as? String ?? ""
        XCTAssertTrue(reply.hasPrefix("outbox: ") && reply.contains("new"), reply)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: outbox.appendingPathComponent("tmp").path), [],
            "no half-written message left behind")
        undo()
        undone = true
        let retry = try space.run(["run", "--once"])
        XCTAssertEqual(retry.status, 0, retry.stderr)
        XCTAssertEqual(space.files("sent"), ["mail1.json"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outbox.appendingPathComponent("new").path).count, 1)
    }

    func testAnUnwritableStateDirectoryBacksOffKeepsTheJobAndRecordsItOnceWritable() throws {
        // Nobody listens on the relay's port: every attempt is deferred, and deferred/ refuses the record.
        let port = try SMTPSink.freePort()
        try space.writeConfig(transport: "smtp://127.0.0.1:\(port)", extra: ["retry_delay_seconds": 3600])
        try space.produce(id: "stuck", job: Workspace.cheapJob("deletion_notice", id: "stuck"))
        try FileManager.default.createDirectory(at: space.spool.appendingPathComponent("deferred"), withIntermediateDirectories: true)
        chmod(space.spool.appendingPathComponent("deferred").path, 0o700)
        var undo: (() -> Void)? = try makeUnwritable(space.spool.appendingPathComponent("deferred").path)
        defer { undo?() }
        let worker = try BackgroundRun(space, ["run"])
        // Backoff: 1 s, then 2 s; each failure is one clear line; the job waits in active/.
        XCTAssertTrue(eventually(timeout: 15) { worker.events("record_error").count >= 2 }, worker.log)
        let errors = worker.events("record_error")
        XCTAssertEqual(errors.map { $0["retry_in_seconds"] as? Int }, [1, 2])
        XCTAssertTrue((errors[0]["error"] as? String ?? "").contains("deferred"), "\(errors[0])")
        XCTAssertEqual(errors[0]["job"] as? String, "stuck")
        XCTAssertEqual(space.files("active"), ["stuck.json"])
        undo?()
        undo = nil
        XCTAssertTrue(eventually(timeout: 15) { self.space.files("deferred") == ["stuck.json"] }, worker.log)
        XCTAssertEqual(space.files("active"), [])
        XCTAssertEqual(worker.events("record_recovered").count, 1)

        // Stopping while a record cannot be written leaves the job claimed in active/, for the next start.
        undo = try makeUnwritable(space.spool.appendingPathComponent("deferred").path)
        try space.produce(id: "stuck2", job: Workspace.cheapJob("login_notice", id: "stuck2"))
        XCTAssertTrue(eventually(timeout: 15) { worker.events("record_error").contains { $0["job"] as? String == "stuck2" } }, worker.log)
        worker.send(SIGTERM)
        XCTAssertEqual(worker.waitForExit(timeout: 10), 0, worker.log)
        XCTAssertEqual(space.files("active"), ["stuck2.json"])
        undo?()
        undo = nil
        let restart = try space.run(["run", "--once"])
        XCTAssertEqual(restart.status, 0, restart.stderr)
        XCTAssertEqual(BackgroundRun.events("recovered", in: restart.stderr).compactMap { $0["job"] as? String }, ["stuck2"])
        XCTAssertEqual(space.files("deferred"), ["stuck.json", "stuck2.json"])
        XCTAssertEqual(space.files("active"), [])
    }
}
