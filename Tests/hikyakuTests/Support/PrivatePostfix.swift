// PrivatePostfix.swift — a private Postfix instance for one test: its own main.cf, master.cf, queue and log in a temp dir, loopback only, stopped by PID.
import Foundation
import HikyakuTestSupport
import XCTest

/// A Postfix of the test's own, never `/etc/postfix`: `DIR/etc` holds its main.cf, master.cf and
/// maps, `DIR/queue` its queue, `DIR/data` its data, `DIR/maillog` its log. Listens on
/// `127.0.0.1:smtpdPort` only; no DNS (destinations come from the test's transport map), no
/// chroot, no local delivery. The master runs with `-e lifetimeSeconds`, so it ends by itself
/// even when the test dies; `stop()` runs `postfix stop`, then kills what is left by PID.
final class PrivatePostfix {
    static let postfix = "/usr/sbin/postfix"
    static let postmap = "/usr/sbin/postmap"
    static let postqueue = "/usr/sbin/postqueue"
    static let master = "/usr/lib/postfix/sbin/master"

    let directory: URL
    let smtpdPort: Int
    private(set) var masterPID: pid_t = 0
    var configDirectory: String { directory.appendingPathComponent("etc").path }
    var maillog: String { directory.appendingPathComponent("maillog").path }

    /// Skips the test when Postfix is missing (scripts/test installs it) or cannot run here.
    static func require() throws {
        for tool in [postfix, postmap, postqueue, master] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw XCTSkip("\(tool) not found: Postfix is not installed (scripts/test installs Debian's postfix package)")
        }
        try XCTSkipUnless(getuid() == 0, "a private Postfix's master runs only as root")
        try XCTSkipUnless(getpwnam("postfix") != nil && getgrnam("postdrop") != nil, "no postfix user or postdrop group")
    }

    /// Makes the instance's directories (searchable by the postfix user) and picks the smtpd port.
    init() throws {
        try Self.require()
        let directory = URL(fileURLWithPath: "/tmp/hikyaku-postfix-\(UUID().uuidString.prefix(8))")
        for name in ["", "etc", "queue"] {
            let path = directory.appendingPathComponent(name).path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            chmod(path, 0o755)
        }
        self.directory = directory
        smtpdPort = try SMTPSink.freePort()
    }

    deinit { stop() }

    /// Writes `text` as `etc/name` (0644, root's: the daemons read it) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = configDirectory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o644)
        return path
    }

    /// Writes main.cf (the instance's own lines, then `main`) and master.cf (the services a
    /// relaying queue needs, smtpd on the port, then `master`), runs `postmap` on each of
    /// `hashed` (maps written before, named `hash:` in `main`), checks the configuration and
    /// starts the master: what `postfix start` does (`postfix check`, then `master -w`), plus
    /// the master's `-e` bound.
    func start(main: [String], master: [String], hashed: [String] = [], lifetimeSeconds: Int = 180) throws {
        try write("main.cf", (Self.mainLines(directory.path) + main).joined(separator: "\n") + "\n")
        try write("master.cf", (Self.masterLines(smtpdPort) + master).joined(separator: "\n") + "\n")
        for path in hashed { try command(Self.postmap, ["-c", configDirectory, "hash:\(path)"], name: "postmap") }
        try Data().write(to: URL(fileURLWithPath: maillog))
        chmod(maillog, 0o600)
        let owner = try XCTUnwrap(getpwnam("postfix"))
        chown(maillog, owner.pointee.pw_uid, owner.pointee.pw_gid)
        try command(Self.postfix, ["-c", configDirectory, "check"], name: "postfix check")
        try command(Self.master, ["-c", configDirectory, "-w", "-e", "\(lifetimeSeconds)"], name: "master -w")
        let pidFile = directory.appendingPathComponent("queue/pid/master.pid").path
        let pid = (try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        masterPID = pid_t(pid ?? "") ?? 0
        XCTAssertGreaterThan(masterPID, 0, "no master PID in \(pidFile)")
        guard eventually(timeout: 20, { SMTPSink.canConnect(port: self.smtpdPort) }) else {
            throw NSError(domain: "PrivatePostfix", code: 1, userInfo: [NSLocalizedDescriptionKey: "smtpd not listening: \(log())"])
        }
    }

    /// `postqueue -f`: every queued message tried again now (deferred mail, delay notices).
    func flush() {
        try? command(Self.postqueue, ["-c", configDirectory, "-f"], name: "postqueue -f")
    }

    /// The instance's log so far.
    func log() -> String {
        String(decoding: FileManager.default.contents(atPath: maillog) ?? Data(), as: UTF8.self)
    }

    /// `postfix stop`; then the master and every process of its group (its daemons, the commands
    /// pipe(8) runs) that is still there after 10 s is killed by PID. Removes the directory.
    func stop() {
        if masterPID > 0 {
            let group = masterPID
            masterPID = 0
            try? command(Self.postfix, ["-c", configDirectory, "stop"], name: "postfix stop")
            if !eventually(timeout: 10, { Self.members(ofGroup: group).isEmpty }) {
                for pid in Self.members(ofGroup: group) { kill(pid, SIGKILL) }
                _ = eventually(timeout: 5) { Self.members(ofGroup: group).isEmpty }
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a Postfix command, bounded (60 s); a failure throws with its output and the log's tail.
    private func command(_ path: String, _ arguments: [String], name: String) throws {
        let output = directory.appendingPathComponent("command.out").path
        let run = try Spawn.run(path, arguments, stdout: output, stderr: output, timeout: 60)
        guard run.status == 0 else {
            let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let tail = log().split(separator: "\n").suffix(5).joined(separator: "\n")
            throw NSError(
                domain: "PrivatePostfix", code: Int(run.status),
                userInfo: [NSLocalizedDescriptionKey: "\(name) exited \(run.status): \(said)\n\(tail)"])
        }
    }

    /// Live (not zombie) processes whose process group is `group` (the master calls setsid).
    static func members(ofGroup group: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { pid_t($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let end = stat.range(of: ")", options: .backwards)
            else { return false }
            // After "(comm)": state, ppid, pgrp, …
            let fields = stat[end.upperBound...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && pid_t(fields[2]) == group
        }
    }
}
