// SMTPSink.swift — starts Postfix's smtp-sink on a free loopback port for one test, and stops it by PID.
import Foundation
import XCTest
@testable import HikyakuTestSupport

/// A real SMTP server for a test: `smtp-sink` dumping each message into its own file.
/// Every sink runs under `timeout`, so it ends even if the test process dies.
final class SMTPSink {
    let port: Int
    let dumpDirectory: URL
    private let process: Process

    /// Starts a sink with extra fault flags (e.g. `["-r", "RCPT"]`), on `port` or a free one.
    init(flags: [String] = [], in directory: URL, lifetimeSeconds: Int = 300, port: Int? = nil) throws {
        let binary = "/usr/sbin/smtp-sink"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw XCTSkip("smtp-sink not installed: run scripts/test (installs Debian's postfix package)")
        }
        // Not under the test's private (0700) workspace: the sink runs as nobody and must reach it.
        _ = directory
        dumpDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("hikyaku-sink-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dumpDirectory, withIntermediateDirectories: true)
        // smtp-sink drops privileges to nobody when run as root; it must be able to write dumps.
        chmod(dumpDirectory.path, 0o777)
        self.port = try port ?? SMTPSink.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        var arguments = ["-s", "KILL", "\(lifetimeSeconds)", binary]
        if geteuid() == 0 { arguments += ["-u", "nobody"] }
        arguments += ["-d", dumpDirectory.path + "/msg."] + flags + ["127.0.0.1:\(self.port)", "64"]
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilListening()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: dumpDirectory)
    }

    /// Stops the sink (SIGKILL to the `timeout` wrapper's child and the wrapper, by PID).
    func stop() {
        stopTestServer(process)
    }

    /// The messages received so far, as raw dump files (smtp-sink's X-* lines, then the message).
    func messages() -> [Data] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dumpDirectory.path)) ?? []
        return names.sorted().compactMap { FileManager.default.contents(atPath: dumpDirectory.appendingPathComponent($0).path) }
    }

    /// The dump files' paths.
    func messagePaths() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dumpDirectory.path)) ?? []
        return names.sorted().map { dumpDirectory.appendingPathComponent($0).path }
    }

    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if SMTPSink.canConnect(port: port) { return }
            usleep(20_000)
        }
        stop()
        throw NSError(domain: "SMTPSink", code: 1, userInfo: [NSLocalizedDescriptionKey: "smtp-sink did not start on port \(port)"])
    }

    /// A loopback port nobody listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw NSError(domain: "SMTPSink", code: 2) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// Stops a server a test started under `timeout`, by PID (the bench's helper: SIGTERM, SIGKILL after 3 s, reap).
func stopTestServer(_ process: Process) {
    Spawn.stop(process)
}
