// TokenMail.swift — gets real links and codes for CLI tests: jobs in, worker run, secrets out of the delivered mail.
import Foundation
import XCTest

/// A link or code as the recipient got it.
struct DeliveredSecret {
    /// The whole link (links only).
    var link: String?
    /// The token in the link, or the 6-digit code.
    var value: String
}

extension Workspace {
    /// The maildir outbox the file transport writes to.
    var outbox: URL { root.appendingPathComponent("outbox") }

    /// A config with the file transport into `outbox`, plus overrides.
    func writeFileConfig(extra: [String: Any] = [:]) throws {
        try writeConfig(transport: "file:" + outbox.path, extra: extra)
    }

    /// Hands a job to the spool the producer's way (tmp/ then rename into new/).
    func enqueue(
        id: String, kind: String, login: String, to: String, locale: String = "en",
        data: [String: Any] = [:]
    ) throws {
        let job: [String: Any] = ["version": 1, "kind": kind, "locale": locale, "to": to, "login_id": login, "data": data]
        let bytes = try JSONSerialization.data(withJSONObject: job, options: [.sortedKeys])
        let tmp = spool.appendingPathComponent("tmp/\(id).json")
        try FileManager.default.createDirectory(at: tmp.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: spool.appendingPathComponent("new"), withIntermediateDirectories: true)
        try bytes.write(to: tmp)
        try FileManager.default.moveItem(at: tmp, to: spool.appendingPathComponent("new/\(id).json"))
    }

    /// Runs the worker once and fails the test unless it exits 0.
    @discardableResult
    func runWorker(environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> CLIResult {
        let result = try run(["run", "--once"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return result
    }

    /// The outbox message of job `id` (by its X-Hikyaku-Job header), decoded by the judge.
    func outboxMail(job id: String) throws -> JudgedMail? {
        let directory = outbox.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        // The .eml files are CRLF: match the header on the raw bytes.
        let header = Data("\r\nX-Hikyaku-Job: \(id)\r\n".utf8)
        let paths = names.sorted().map { directory.appendingPathComponent($0).path }.filter {
            FileManager.default.contents(atPath: $0)?.range(of: header) != nil
        }
        return try JudgedMail.judge(paths).first
    }

    /// Enqueues one job, runs the worker on the file transport and returns the secret it mailed.
    func issue(
        id: String, kind: String, login: String, to: String, data: [String: Any] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> DeliveredSecret {
        try enqueue(id: id, kind: kind, login: login, to: to, data: data)
        try runWorker(file: file, line: line)
        let mail = try XCTUnwrap(
            try outboxMail(job: id), "no mail for job \(id) in \(files("sent")) / \(files("failed"))",
            file: file, line: line)
        return try XCTUnwrap(DeliveredSecret.find(in: mail.text, kind: kind), "no secret in \(id)", file: file, line: line)
    }
}

extension DeliveredSecret {
    /// The link or code in a mail's decoded text.
    static func find(in text: String, kind: String) -> DeliveredSecret? {
        if kind == "otp_code" {
            guard let code = firstMatch(#"(?<![0-9])[0-9]{6}(?![0-9])"#, in: text) else { return nil }
            return DeliveredSecret(link: nil, value: code)
        }
        guard let link = firstMatch(#"https?://[^\s"<>]+token=[A-Za-z0-9_-]+"#, in: text),
            let token = extractToken(link)
        else { return nil }
        return DeliveredSecret(link: link, value: token)
    }

    private static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range, in: text)
        else { return nil }
        return String(text[range])
    }
}

/// A `hikyaku` process started without waiting, for races between processes.
final class RunningCLI {
    let process = Process()
    private let out: DataReader
    private let err: DataReader

    /// Starts `hikyaku arguments --config …` in `space`, writing `stdin` (if any) and closing it.
    init(_ space: Workspace, _ arguments: [String], stdin: String? = nil) throws {
        process.executableURL = Workspace.binary
        process.arguments = arguments + ["--config", space.configPath]
        process.currentDirectoryURL = space.root
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        out = DataReader(outPipe.fileHandleForReading)
        err = DataReader(errPipe.fileHandleForReading)
    }

    /// Waits (at most `timeout` seconds, then kills it by PID) and returns what it did.
    func wait(timeout: TimeInterval = 60) -> CLIResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            XCTFail("hikyaku \(process.arguments ?? []) did not finish in \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: out.text(), stderr: err.text())
    }
}

/// The JSON object a command printed on stdout.
func jsonObject(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
    let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    if object == nil { XCTFail("not a JSON object on stdout: \(result.stdout) / \(result.stderr)", file: file, line: line) }
    return object ?? [:]
}
