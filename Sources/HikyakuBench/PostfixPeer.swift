// PostfixPeer.swift — the durable peer: a private Postfix queues a backlog on hold, then drains it into smtp-sink.
import Foundation
import HikyakuBase
import HikyakuTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// What the peer's drain measured.
public struct PeerFigures: Sendable {
    public var messages: Int
    public var connections: Int
    /// From starting the master over the released backlog until the sink has every message and
    /// the queue is empty.
    public var seconds: Double
    public var messagesPerSecond: Double
    /// CPU seconds of every Postfix process during the drain: the master and its daemons.
    public var cpuSeconds: Double
    /// Seconds it took to queue the backlog on hold (smtp-source → smtpd → cleanup): not compared.
    public var queueSeconds: Double

    /// CPU seconds per 1,000 messages.
    public var cpuSecondsPerThousand: Double { messages > 0 ? cpuSeconds * 1000 / Double(messages) : 0 }
}

/// A private Postfix instance in `directory` (on the file system of the bench's spool): its
/// own `main.cf` and `master.cf` in `etc/`, queue in `queue/`, data in `data/`, log in `maillog`;
/// loopback only, no DNS, relaying to a fresh smtp-sink. Phase 1 queues the messages through
/// its smtpd, where every message is put on hold, and stops the master. Phase 2 releases the
/// hold (`postsuper -H ALL`, into the deferred queue) and starts a fresh master, which qmgr's
/// first scan drains over `connections` connections: the durable queue a user would run
/// instead of hikyaku, draining the same backlog. Every process is the bench's child or
/// grandchild, time-bounded (`master -e`, `Spawn` timeouts) and stopped by PID.
struct PostfixPeer {
    static let postfix = "/usr/sbin/postfix"
    static let postsuper = "/usr/sbin/postsuper"
    static let smtpSource = "/usr/sbin/smtp-source"

    /// The instance's directory (made by the caller, traversable by the postfix user).
    let directory: String
    var configDirectory: String { directory + "/etc" }
    var queueDirectory: String { directory + "/queue" }
    var maillog: String { directory + "/maillog" }

    /// Why the peer cannot run on this machine, or nil when it can.
    static var unavailable: String? {
        for tool in [postfix, postsuper, smtpSource, PostfixMaster.binary] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) not found (install Debian's postfix package; scripts/test does)"
        }
        guard geteuid() == 0 else { return "Postfix's master runs only as root" }
        guard getpwnam("postfix") != nil, getgrnam("postdrop") != nil else {
            return "no postfix user or postdrop group (install Debian's postfix package)"
        }
        return nil
    }

    /// Why the postfix user could not reach an instance made in `base` (a directory on the way it
    /// may not search, such as a 0700 scratch directory), or nil when it can.
    static func unreachable(base: String) -> String? {
        guard let user = getpwnam("postfix") else { return "no postfix user" }
        let uid = user.pointee.pw_uid, gid = user.pointee.pw_gid
        var path = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
        while true {
            var info = stat()
            guard stat(path, &info) == 0 else { return "\(path): cannot stat (\(String(cString: strerror(errno))))" }
            let searchable =
                info.st_mode & S_IXOTH != 0 || (info.st_uid == uid && info.st_mode & S_IXUSR != 0)
                || (info.st_gid == gid && info.st_mode & S_IXGRP != 0)
            guard searchable else {
                return "the postfix user cannot enter \(path) (mode \(String(info.st_mode & 0o777, radix: 8))); pick another --dir"
            }
            guard path != "/" else { return nil }
            path = Files.parent(of: path)
        }
    }

    /// Queues `messages` copies of `message` on hold, then times their drain; `delayMilliseconds`
    /// holds each reply to the final "." as in the other passes.
    func run(message: MessageFile, messages: Int, connections: Int, delayMilliseconds: Int) throws -> PeerFigures {
        let bound = 60 + Double(messages) / 20
        let sink = try BenchSink(delayMilliseconds: delayMilliseconds, counterFile: directory + "/sink.counters")
        defer { sink.stop() }
        let smtpdPort = try BenchSink.freePort()
        try prepare(sinkPort: sink.port, smtpdPort: smtpdPort, connections: connections)
        let queueSeconds = try queueOnHold(message, messages: messages, connections: connections, smtpdPort: smtpdPort, bound: bound)

        // Phase 2: no smtpd, the backlog released, a fresh master; the clock and the CPU count start with it.
        try Self.write(Self.masterConfig(smtpdPort: nil), to: configDirectory + "/master.cf")
        try release(messages)
        let started = MonotonicClock.now()
        let master = try PostfixMaster(configDirectory: configDirectory, lifetime: Int(bound * 2), output: directory + "/master.out")
        defer { master.stop() }
        let deadline = MonotonicClock.deadline(after: bound)
        while sink.messagesReceived() < messages || queued() > 0 {
            guard master.isRunning else { throw BenchError.toolFailed(tool: "postfix master", problem: lastLine(maillog)) }
            guard MonotonicClock.now() < deadline else {
                throw BenchError.timedOut(
                    scenario: "postfix peer", what: "the drain (\(sink.messagesReceived()) of \(messages) at the sink)",
                    seconds: Int(bound))
            }
            usleep(1000)
        }
        let seconds = MonotonicClock.seconds(from: started, to: MonotonicClock.now())
        guard let cpu = ProcessCPU.groupSeconds(leader: master.pid) else {
            throw BenchError.toolFailed(tool: "postfix master", problem: "gone before its CPU time was read")
        }
        master.stop()
        let (sent, bounced) = try deliveries()
        guard sent == messages, bounced == 0, sink.messagesReceived() == messages else {
            throw BenchError.incomplete(scenario: "postfix peer", expected: messages, sent: sent, deferred: 0, failed: bounced)
        }
        return PeerFigures(
            messages: messages, connections: connections, seconds: seconds, messagesPerSecond: Double(messages) / seconds,
            cpuSeconds: cpu.seconds, queueSeconds: queueSeconds)
    }

    /// Writes the configuration and the log file, and lets `postfix check` make the queue and data directories.
    private func prepare(sinkPort: Int, smtpdPort: Int, connections: Int) throws(BenchError) {
        // The queue directory is root's (Postfix chdirs into it first); `postfix check` makes the rest.
        for path in [configDirectory, queueDirectory] where mkdir(path, 0o755) != 0 {
            throw .io(path: path, operation: "mkdir", errno: errno)
        }
        try Self.write(
            Self.mainConfig(directory: directory, sinkPort: sinkPort, connections: connections), to: configDirectory + "/main.cf")
        try Self.write(Self.masterConfig(smtpdPort: smtpdPort), to: configDirectory + "/master.cf")
        // Commands that drop to the postfix user (postsuper) append to the log themselves.
        try Self.write("", to: maillog, mode: 0o600)
        guard let user = getpwnam("postfix"), chown(maillog, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw .io(path: maillog, operation: "chown to postfix", errno: errno)
        }
        try postfixCommand(Self.postfix, ["-c", configDirectory, "check"], name: "check")
    }

    /// Phase 1: a master with smtpd; smtp-source sends every message, each put on hold; stops the
    /// master once all are in `hold/`. Returns the seconds it took.
    private func queueOnHold(_ message: MessageFile, messages: Int, connections: Int, smtpdPort: Int, bound: Double) throws -> Double {
        let started = MonotonicClock.now()
        let master = try PostfixMaster(configDirectory: configDirectory, lifetime: Int(bound * 2), output: directory + "/master.out")
        defer { master.stop() }
        let listening = MonotonicClock.deadline(after: 30)
        while true {
            let fd = Loopback.connect(port: smtpdPort)
            if fd >= 0 {
                close(fd)
                break
            }
            guard master.isRunning, MonotonicClock.now() < listening else {
                throw BenchError.toolFailed(tool: "postfix smtpd", problem: "not listening on 127.0.0.1:\(smtpdPort): \(lastLine(maillog))")
            }
            usleep(10_000)
        }
        let errors = directory + "/smtp-source.err"
        let run = try Spawn.run(
            Self.smtpSource,
            [
                "-s", "\(connections)", "-m", "\(messages)", "-d", "-F", message.lineFeedPath, "-f", "bench@example.jp",
                "-t", "rcpt@example.jp", "-M", "bench.invalid", "127.0.0.1:\(smtpdPort)",
            ], stderr: errors, timeout: bound)
        guard run.status == 0 else { throw BenchError.toolFailed(tool: "smtp-source into postfix", problem: lastLine(errors)) }
        let deadline = MonotonicClock.deadline(after: bound)
        while count(queue: "hold") < messages {
            guard MonotonicClock.now() < deadline else {
                throw BenchError.timedOut(scenario: "postfix peer", what: "queueing \(messages) messages on hold", seconds: Int(bound))
            }
            usleep(20_000)
        }
        master.stop()
        return MonotonicClock.seconds(from: started, to: MonotonicClock.now())
    }

    /// Moves the held backlog into the deferred queue (the master is stopped), and checks it all went.
    private func release(_ messages: Int) throws(BenchError) {
        try postfixCommand(Self.postsuper, ["-c", configDirectory, "-H", "ALL"], name: "postsuper -H ALL")
        let held = count(queue: "hold"), deferred = count(queue: "deferred", hashed: true)
        guard held == 0, deferred == messages else {
            throw .toolFailed(tool: "postsuper -H ALL", problem: "\(deferred) of \(messages) released, \(held) still on hold")
        }
    }

    /// Runs a Postfix command (bounded, 120 s); a failure names the log's last line.
    private func postfixCommand(_ path: String, _ arguments: [String], name: String) throws(BenchError) {
        let errors = directory + "/\(name.split(separator: " ")[0]).err"
        let run: Spawned
        do { run = try Spawn.run(path, arguments, stderr: errors, timeout: 120) } catch {
            throw .toolFailed(tool: "postfix \(name)", problem: error.description)
        }
        guard run.status == 0 else { throw .toolFailed(tool: "postfix \(name)", problem: "exit \(run.status): \(lastLine(maillog))") }
    }
}
