// BenchSink.swift — Postfix's smtp-sink on a free loopback port for one pass, stopped by PID.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// A throw-away SMTP server: `smtp-sink` (no dumps) under `timeout`, so it ends even if the
/// bench dies. With a delay of whole seconds, smtp-sink's own `-w` holds the reply to the final
/// "."; any other delay is added by a `DelayRelay` in front of it (smtp-sink's `-w` and `-W`
/// take whole seconds only). With a counter file, smtp-sink's running counters (`-c`) go there
/// and `messagesReceived` reads how many messages it has taken so far.
public final class BenchSink {
    /// Where clients connect: the sink itself, or the delay relay in front of it.
    public let port: Int
    private let process: Process
    private let relay: DelayRelay?
    /// smtp-sink's counters (`-c`), when asked for.
    private let counters: Int32

    static let binary = "/usr/sbin/smtp-sink"

    /// Starts a sink answering the final "." after `delayMilliseconds`; lives at most `lifetime`
    /// seconds. With `counterFile`, its running counters are written there (created 0600).
    public init(delayMilliseconds: Int = 0, lifetime: Int = 3600, counterFile: String? = nil) throws(SupportError) {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw .missingTool(path: Self.binary, hint: "install Debian's postfix package; scripts/test does")
        }
        let sinkPort = try Self.freePort()
        var arguments = ["-s", "KILL", "\(lifetime)", Self.binary]
        // smtp-sink refuses to run as root without dropping privileges.
        if geteuid() == 0 { arguments += ["-u", "nobody"] }
        var output = FileHandle.nullDevice
        var descriptor: Int32 = -1
        if let counterFile {
            descriptor = open(counterFile, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { throw .io(path: counterFile, operation: "create the sink's counter file", errno: errno) }
            output = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
            arguments.append("-c")
        }
        counters = descriptor
        var started = false
        defer { if !started && descriptor >= 0 { close(descriptor) } }
        let wholeSeconds = delayMilliseconds > 0 && delayMilliseconds % 1000 == 0
        if wholeSeconds { arguments += ["-w", "\(delayMilliseconds / 1000)"] }
        arguments += ["127.0.0.1:\(sinkPort)", "1024"]
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = arguments
        process.standardOutput = output
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
        started = true
    }

    deinit {
        stop()
        if counters >= 0 { close(counters) }
    }

    /// Stops the relay and the sink (SIGTERM to the `timeout` wrapper, which forwards it; then SIGKILL).
    public func stop() {
        relay?.stop()
        Spawn.stop(process)
    }

    /// Messages the sink has received so far (the "." of each): the last `mesg=` of its counter
    /// line, which it rewrites after a carriage return whenever a message, a QUIT or a session
    /// ends. 0 without a counter file. Reads only the file's last bytes, so it can be polled.
    public func messagesReceived() -> Int {
        guard counters >= 0 else { return 0 }
        var info = stat()
        guard fstat(counters, &info) == 0, info.st_size > 0 else { return 0 }
        var tail = [UInt8](repeating: 0, count: 80)
        let start = max(0, Int(info.st_size) - tail.count)
        let got = tail.withUnsafeMutableBytes { pread(counters, $0.baseAddress, $0.count, off_t(start)) }
        guard got > 0 else { return 0 }
        return Self.lastMessageCount(tail[0..<got])
    }

    /// The number after the last complete `mesg=` in `bytes` (smtp-sink's `-c` line:
    /// `\rsess=N quit=N mesg=N`), or 0.
    static func lastMessageCount(_ bytes: ArraySlice<UInt8>) -> Int {
        let marker = Array("mesg=".utf8)
        var index = bytes.endIndex - marker.count
        while index >= bytes.startIndex {
            if bytes[index..<(index + marker.count)].elementsEqual(marker) {
                var value = 0, digits = 0
                var cursor = index + marker.count
                while cursor < bytes.endIndex, (0x30...0x39).contains(bytes[cursor]) {
                    value = value * 10 + Int(bytes[cursor] - 0x30)
                    digits += 1
                    cursor += 1
                }
                // A number cut off by the end of what was written so far: take the one before.
                if digits > 0 && cursor < bytes.endIndex { return value }
            }
            index -= 1
        }
        return 0
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
    package static func freePort() throws(SupportError) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .io(path: "127.0.0.1", operation: "socket", errno: errno) }
        defer { close(fd) }
        guard let port = Loopback.bind(fd, port: 0) else { throw .io(path: "127.0.0.1:0", operation: "bind", errno: errno) }
        return port
    }
}
