// CLIRunner.swift — runs the built hikyaku binary in a scratch directory and captures what it prints.
import Foundation
import XCTest

/// The result of one `hikyaku` run.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// A scratch workspace with its own spool, state, outbox and config, and the binary to run in it.
final class Workspace {
    let root: URL
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hikyaku-test-\(UUID().uuidString.prefix(10))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        chmod(root.path, 0o700)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    var spool: URL { root.appendingPathComponent("spool") }
    var state: URL { root.appendingPathComponent("state") }
    var configPath: String { root.appendingPathComponent("hikyaku.json").path }

    /// Writes the config: `transport` plus any overrides (JSON fragments by key).
    func writeConfig(transport: String, extra: [String: Any] = [:]) throws {
        var object: [String: Any] = [
            "spool": spool.path, "state": state.path,
            "templates": Workspace.repository.appendingPathComponent("templates").path,
            "transport": transport, "base_url": "https://portal.example.jp",
            "smtp": ["connections": 2, "timeout_seconds": 5, "helo": "hikyaku.test"],
            "retry_delay_seconds": 0,
        ]
        for (key, value) in extra { object[key] = value }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: configPath))
    }

    /// Runs `hikyaku` (or `program`, another built executable such as `hikyaku-bench`) with
    /// `arguments` (plus `--config`, unless `withConfig` is false), feeding `stdin`, bounded by
    /// `timeout` seconds, in the workspace's root directory; as `user` (through `setpriv`) if given.
    @discardableResult
    func run(
        _ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 120, environment: [String: String] = [:],
        program: String = "hikyaku", withConfig: Bool = true, user: TestUser? = nil
    ) throws -> CLIResult {
        let process = Process()
        let executable = Workspace.binary.deletingLastPathComponent().appendingPathComponent(program)
        process.executableURL = user == nil ? executable : URL(fileURLWithPath: TestUser.setpriv)
        process.arguments =
            (user?.setprivArguments(executable.path) ?? []) + arguments + (withConfig ? ["--config", configPath] : [])
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let outData = DataReader(out.fileHandleForReading), errData = DataReader(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            XCTFail("\(program) \(arguments.joined(separator: " ")) did not finish in \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: outData.text(), stderr: errData.text())
    }

    /// Files in a spool state directory.
    func files(_ state: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent(state).path)) ?? []).sorted()
    }

    /// Copies a fixture job into `new/` under `id` (the producer's hand-off, done by hand).
    func drop(fixture: String, id: String) throws {
        let source = Workspace.repository.appendingPathComponent("fixtures/\(fixture)")
        let target = spool.appendingPathComponent("new/\(id).json")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: target)
    }

    static var binary: URL {
        let products = Bundle.main.bundleURL
        return products.appendingPathComponent("hikyaku")
    }
}

/// Drains a pipe on a background thread so a chatty child never blocks.
final class DataReader: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let all = handle.readDataToEndOfFile()
            lock.lock()
            data = all
            lock.unlock()
            done.signal()
        }
    }

    func text() -> String {
        _ = done.wait(timeout: .now() + 10)
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
