// BackgroundRun.swift — a long-running `hikyaku run` for a test: its log, signals by PID, a bounded lifetime.
import Foundation
import XCTest

/// A `hikyaku` process in the background (the worker without --once). It runs under
/// `timeout -s KILL`, so it ends even if the test process dies; signals go to hikyaku's own PID.
final class BackgroundRun {
    let logURL: URL
    private let wrapper: Process
    /// hikyaku's PID (the child of the `timeout` wrapper).
    let pid: pid_t

    /// Starts `hikyaku <arguments> --config <workspace config>`, stderr into `<workspace>/<name>.log`.
    init(_ space: Workspace, _ arguments: [String], name: String = "worker", lifetimeSeconds: Int = 120) throws {
        logURL = space.root.appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        wrapper = Process()
        wrapper.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        wrapper.arguments = ["-s", "KILL", "\(lifetimeSeconds)", Workspace.binary.path] + arguments + ["--config", space.configPath]
        wrapper.currentDirectoryURL = space.root
        wrapper.standardOutput = FileHandle.nullDevice
        wrapper.standardError = try FileHandle(forWritingTo: logURL)
        wrapper.standardInput = FileHandle.nullDevice
        try wrapper.run()
        var child: pid_t = 0
        let deadline = Date().addingTimeInterval(5)
        while child == 0 && Date() < deadline {
            let list =
                (try? String(
                    contentsOfFile: "/proc/\(wrapper.processIdentifier)/task/\(wrapper.processIdentifier)/children", encoding: .utf8)) ?? ""
            child = pid_t(list.split(separator: " ").first.map(String.init) ?? "") ?? 0
            if child == 0 { usleep(5_000) }
        }
        guard child > 0 else {
            kill(wrapper.processIdentifier, SIGKILL)
            throw NSError(domain: "BackgroundRun", code: 1, userInfo: [NSLocalizedDescriptionKey: "hikyaku did not start"])
        }
        pid = child
    }

    deinit {
        if wrapper.isRunning {
            kill(pid, SIGKILL)
            kill(wrapper.processIdentifier, SIGKILL)
            wrapper.waitUntilExit()
        }
    }

    /// Everything logged so far.
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// The log's JSON events named `event`.
    func events(_ event: String) -> [[String: Any]] {
        BackgroundRun.events(event, in: log)
    }

    /// The JSON events named `event` in `text` (one object per line; other lines ignored).
    static func events(_ event: String, in text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { line in
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { return nil }
            return object["event"] as? String == event ? object : nil
        }
    }

    /// Sends `signal` to hikyaku itself.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits for hikyaku to exit; its exit status, or nil when it is still running after `timeout` seconds.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while wrapper.isRunning && Date() < deadline { usleep(10_000) }
        guard !wrapper.isRunning else { return nil }
        return wrapper.terminationStatus
    }

    var isRunning: Bool { wrapper.isRunning }
}

/// Polls `condition` every 20 ms for up to `timeout` seconds; whether it became true.
func eventually(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
