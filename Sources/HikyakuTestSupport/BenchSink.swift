// BenchSink.swift — Postfix's smtp-sink on a free loopback port for one pass, stopped by PID.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// A throw-away SMTP server: `smtp-sink` (no dumps) under `timeout`, so it ends even if the
/// bench dies. With a delay of whole seconds, smtp-sink's own `-w` holds the reply to the final
/// "."; any other delay is added by a `DelayRelay` in front of it (smtp-sink's `-w` and `-W`
/// take whole seconds only).
public final class BenchSink {
    /// Where clients connect: the sink itself, or the delay relay in front of it.
    public let port: Int
    private let process: Process
    private let relay: DelayRelay?

    static let binary = "/usr/sbin/smtp-sink"

    /// Starts a sink answering the final "." after `delayMilliseconds`; lives at most `lifetime` seconds.
    public init(delayMilliseconds: Int = 0, lifetime: Int = 3600) throws(SupportError) {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw .missingTool(path: Self.binary, hint: "install Debian's postfix package; scripts/test does")
        }
        let sinkPort = try Self.freePort()
        var arguments = ["-s", "KILL", "\(lifetime)", Self.binary]
        // smtp-sink refuses to run as root without dropping privileges.
        if geteuid() == 0 { arguments += ["-u", "nobody"] }
        let wholeSeconds = delayMilliseconds > 0 && delayMilliseconds % 1000 == 0
        if wholeSeconds { arguments += ["-w", "\(delayMilliseconds / 1000)"] }
        arguments += ["127.0.0.1:\(sinkPort)", "1024"]
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw .toolFailed(tool: "smtp-sink", problem: "\(error)") }
        guard Self.waitUntilListening(port: sinkPort) else {
            Spawn.stop(process)
            throw .toolFailed(tool: "smtp-sink", problem: "did not listen on 127.0.0.1:\(sinkPort) within 10 s")
        }
        if delayMilliseconds > 0 && !wholeSeconds {
            do {
                let relay = try DelayRelay(upstreamPort: sinkPort, delayMilliseconds: delayMilliseconds)
                self.relay = relay
                port = relay.port
            } catch {
                Spawn.stop(process)
                throw error
            }
        } else {
            relay = nil
            port = sinkPort
        }
    }

    deinit { stop() }

    /// Stops the relay and the sink (SIGTERM to the `timeout` wrapper, which forwards it; then SIGKILL).
    public func stop() {
        relay?.stop()
        Spawn.stop(process)
    }

    private static func waitUntilListening(port: Int) -> Bool {
        let deadline = MonotonicClock.deadline(after: 10)
        while MonotonicClock.now() < deadline {
            let fd = Loopback.connect(port: port)
            if fd >= 0 {
                close(fd)
                return true
            }
            usleep(10_000)
        }
        return false
    }

    /// A loopback port nobody listens on right now.
    static func freePort() throws(SupportError) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .io(path: "127.0.0.1", operation: "socket", errno: errno) }
        defer { close(fd) }
        guard let port = Loopback.bind(fd, port: 0) else { throw .io(path: "127.0.0.1:0", operation: "bind", errno: errno) }
        return port
    }
}
