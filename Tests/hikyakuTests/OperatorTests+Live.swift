// OperatorTests+Live.swift — operator commands beside a running worker, and bulk progress on a terminal.
import Foundation
import XCTest

extension OperatorTests {
    func testFlushBesideARunningWorkerDeliversAtOnce() throws {
        try space.writeConfig(transport: "smtp://127.0.0.1:\(try SMTPSink.freePort())", extra: ["retry_delay_seconds": 3600])
        try space.drop(fixture: "jobs/otp_code-ja.json", id: "otp1")
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        XCTAssertEqual(space.files("deferred"), ["otp1.json"])

        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)", extra: ["retry_delay_seconds": 3600])
        let worker = try startWorker()
        defer { stopWorker(worker) }
        // The worker is up (it logs worker_started) and leaves the job alone: it is not due for an hour.
        let log = space.root.appendingPathComponent("worker.log")
        XCTAssertTrue(waitUntil(10) { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("worker_started") })
        usleep(700_000)
        XCTAssertEqual(space.files("deferred"), ["otp1.json"])
        XCTAssertEqual(try space.run(["flush"]).status, 0)
        XCTAssertTrue(waitUntil(10) { space.files("sent") == ["otp1.json"] }, "flushed job not delivered by the running worker")
        XCTAssertEqual(sink.messages().count, 1)
    }

    func testBulkReplayOnATerminalShowsACounterAndASummary() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("util-linux script(1) is not installed")
        }
        let sink = try SMTPSink(flags: ["-f", "RCPT"], in: space.root)
        try space.writeConfig(transport: "smtp://127.0.0.1:\(sink.port)")
        for index in 1...3 { try space.drop(fixture: "jobs/deletion_notice-en.json", id: "gone\(index)") }
        XCTAssertEqual(try space.run(["run", "--once"]).status, 0)
        sink.stop()
        XCTAssertEqual(space.files("failed").count, 6)
        // script(1) gives the command a terminal; everything it printed comes back on our stdout.
        let command = [Workspace.binary.path, "replay", "--state", "failed", "--config", space.configPath].joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = Pipe()
        try process.run()
        let reader = DataReader(out.fileHandleForReading)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let text = reader.text()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("\rreplaying 1/3") && text.contains("\rreplaying 3/3"), text.debugDescription)
        XCTAssertTrue(text.contains("replayed 3 of 3"), text)
        XCTAssertEqual(space.files("new").count, 3)
        // Without a terminal: the summary alone.
        XCTAssertEqual(try space.run(["replay", "--state", "failed"]).stdout, "replayed 0 of 0\n")
    }

    /// Starts `hikyaku run` in the workspace, its log in `worker.log`.
    private func startWorker() throws -> Process {
        let process = Process()
        process.executableURL = Workspace.binary
        process.arguments = ["run", "--config", space.configPath]
        process.currentDirectoryURL = space.root
        let log = space.root.appendingPathComponent("worker.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// SIGTERM by PID, SIGKILL if it has not exited within 10 s.
    private func stopWorker(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        if !waitUntil(10, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private func waitUntil(_ seconds: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}
