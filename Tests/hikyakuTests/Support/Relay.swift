// Relay.swift — starts Tests/relay/relay.py (aiosmtpd) on a free loopback port for one test, and stops it by PID.
import Foundation
import XCTest

/// A scriptable SMTP relay: STARTTLS / SMTPS with a test certificate, AUTH, scripted replies to
/// the final ".", and a record of every message (kept even when rejected) and every event.
/// Runs under `timeout -s KILL`, and the script also ends itself after `lifetimeSeconds`.
final class Relay {
    /// Options for one relay.
    struct Options {
        var certificate: TestCertificate?
        /// Implicit TLS from the first byte (needs `certificate`).
        var smtps = false
        var requireStartTLS = false
        /// Require AUTH as `user` with exactly `password`.
        var user: String?
        var password: String?
        /// AUTH mechanisms offered (`PLAIN`, `LOGIN`).
        var mechanisms = ["PLAIN", "LOGIN"]
        /// Offer AUTH without TLS, as a careless relay would.
        var authInClear = false
        /// Replies to the final "." of message 1, 2, … (then 250).
        var dotReplies: [String] = []
        /// Replies to `RCPT TO:<address>` by address (any case), e.g. `550 5.1.1 … User unknown`; others get 250.
        var rcptReplies: [String: String] = [:]
        /// Hold the reply to each final "." until this file exists.
        var holdFile: String?
    }

    static let python = "/usr/bin/python3"
    let port: Int
    let directory: URL
    private let process: Process

    init(_ options: Options = Options(), lifetimeSeconds: Int = 120) throws {
        try Relay.requireAIOSMTPD()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hikyaku-relay-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try SMTPSink.freePort()
        var arguments = [
            "-s", "KILL", "\(lifetimeSeconds + 5)", Relay.python,
            Workspace.repository.appendingPathComponent("Tests/relay/relay.py").path,
            "--port", "\(port)", "--dump", directory.path, "--lifetime", "\(lifetimeSeconds)",
            "--mechanisms", options.mechanisms.joined(separator: ","),
        ]
        if let certificate = options.certificate {
            arguments += ["--cert", certificate.certificatePath, "--key", certificate.keyPath]
        }
        if options.smtps { arguments.append("--smtps") }
        if options.requireStartTLS { arguments.append("--require-starttls") }
        if options.authInClear { arguments.append("--auth-in-clear") }
        if let user = options.user, let password = options.password {
            let file = directory.appendingPathComponent("expected-password")
            try Data(password.utf8).write(to: file)
            arguments += ["--user", user, "--password-file", file.path]
        }
        for reply in options.dotReplies { arguments += ["--dot-reply", reply] }
        for (address, reply) in options.rcptReplies.sorted(by: { $0.key < $1.key }) {
            arguments += ["--rcpt-reply", "\(address)=\(reply)"]
        }
        if let hold = options.holdFile { arguments += ["--hold", hold] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !SMTPSink.canConnect(port: port) {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw NSError(domain: "Relay", code: 1, userInfo: [NSLocalizedDescriptionKey: "relay did not start on port \(port)"])
            }
            usleep(20_000)
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops the relay: SIGTERM to the `timeout` wrapper (which passes it on), SIGKILL if it lingers.
    func stop() {
        stopTestServer(process)
    }

    /// The raw bytes of every message received (accepted or not), in order.
    func messages() -> [Data] {
        messagePaths().compactMap { FileManager.default.contents(atPath: $0) }
    }

    /// Paths of the received messages (`msg.N.eml`), in order.
    func messagePaths() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix("msg.") && $0.hasSuffix(".eml") }
            .sorted { number($0) < number($1) }
            .map { directory.appendingPathComponent($0).path }
    }

    /// What the relay knew about message N (1-based): `tls`, `auth_user`, `rcpt_tos`, `reply`.
    func facts(_ index: Int) -> [String: Any] {
        let path = directory.appendingPathComponent("msg.\(index).json").path
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// Every event line (`connect`, `ehlo`, `auth`, `mail`, `rcpt`, `data`) as an object.
    func events() -> [[String: Any]] {
        let path = directory.appendingPathComponent("events.jsonl").path
        let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    private func number(_ name: String) -> Int {
        Int(name.split(separator: ".")[1]) ?? 0
    }

    /// Skips the test when Debian's python3-aiosmtpd is missing (scripts/test installs it).
    static func requireAIOSMTPD() throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import aiosmtpd"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { throw XCTSkip("\(python) not found: run scripts/test") }
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            throw XCTSkip("python3-aiosmtpd is not installed: run scripts/test (installs Debian's python3-aiosmtpd)")
        }
    }
}

/// A self-signed certificate for 127.0.0.1, made with openssl for one test.
struct TestCertificate {
    let directory: URL
    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    var keyPath: String { directory.appendingPathComponent("key.pem").path }

    /// Generates a fresh key and certificate (subjectAltName IP:127.0.0.1) under `directory`.
    init(in directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", directory.appendingPathComponent("key.pem").path,
            "-out", directory.appendingPathComponent("cert.pem").path,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { throw XCTSkip("openssl not installed") }
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else {
            throw NSError(
                domain: "TestCertificate", code: Int(openssl.terminationStatus),
                userInfo: [NSLocalizedDescriptionKey: "openssl req -x509 failed"])
        }
    }
}
