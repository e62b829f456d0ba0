// ClientExamplesTests.swift — the PHP and Python examples in docs/web-tier.md run against the built binary.
import Foundation
import XCTest

final class ClientExamplesTests: XCTestCase {
    var space: Workspace!
    let examples = Workspace.repository.appendingPathComponent("docs/examples")

    override func setUpWithError() throws {
        space = try Workspace()
        try space.writeFileConfig()
        XCTAssertEqual(try space.run(["init"]).status, 0)
    }

    override func tearDown() {
        space.remove()
    }

    /// Runs `interpreter script arguments` with the built `hikyaku` first on the PATH, bounded.
    func example(_ interpreter: String, _ script: String, _ arguments: [String]) throws -> CLIResult {
        guard let program = ["/usr/bin/\(interpreter)", "/usr/local/bin/\(interpreter)"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("\(interpreter) is not installed (scripts/test installs php-cli and python3)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-s", "KILL", "60", program, examples.appendingPathComponent(script).path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = Workspace.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func testPHPHandsOffAndVerifiesAResetLinkAndPythonReadsTheEvent() throws {
        let handoff = try example("php", "handoff.php", [space.spool.path, "reset-php", "sanka1", "omori@example.co.jp"])
        XCTAssertEqual(handoff.status, 0, handoff.stderr)
        XCTAssertEqual(handoff.stdout, "reset-php\n")
        XCTAssertEqual(space.files("new"), ["reset-php.json"])
        XCTAssertEqual(space.files("tmp"), [])
        try space.runWorker()
        let mail = try XCTUnwrap(try space.outboxMail(job: "reset-php"))
        let token = try XCTUnwrap(DeliveredSecret.find(in: mail.text, kind: "password_reset")?.value)

        let wrong = try example("php", "verify.php", [space.configPath, token, "sanka1", "someone@example.co.jp"])
        XCTAssertEqual(wrong.status, 1, wrong.stdout + wrong.stderr)
        XCTAssertEqual(wrong.stdout, "mismatch\n")
        let valid = try example("php", "verify.php", [space.configPath, token, "sanka1", "omori@example.co.jp"])
        XCTAssertEqual(valid.status, 0, valid.stdout + valid.stderr)
        XCTAssertEqual(valid.stdout, "valid\n")
        let again = try example("php", "verify.php", [space.configPath, token, "sanka1", "omori@example.co.jp"])
        XCTAssertEqual(again.stdout, "used\n")

        let events = try example("python3", "events.py", [space.configPath])
        XCTAssertEqual(events.status, 0, events.stderr)
        XCTAssertEqual(events.stdout, "reset-php sent -\n")
        XCTAssertEqual(try example("python3", "events.py", [space.configPath]).stdout, "", "acknowledged")
    }

    func testPythonVerifiesAOneTimeCode() throws {
        let code = try space.issue(id: "otp-py", kind: "otp_code", login: "sanka1", to: "omori@example.co.jp").value
        let wrongCode = code == "000000" ? "111111" : "000000"
        let wrong = try example("python3", "verify_otp.py", [space.configPath, "sanka1", wrongCode])
        XCTAssertEqual(wrong.status, 1, wrong.stdout + wrong.stderr)
        XCTAssertEqual(wrong.stdout, "invalid\n")
        let valid = try example("python3", "verify_otp.py", [space.configPath, "sanka1", code])
        XCTAssertEqual(valid.status, 0, valid.stdout + valid.stderr)
        XCTAssertEqual(valid.stdout, "valid\n")
    }
}
