// PostfixMaster.swift — a private Postfix master daemon as the bench's own child, in its own process group, stopped by PID.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// `master -c DIR -d -e LIFETIME`: Postfix's master in the foreground (not detached), started by
/// `posix_spawn` as this process's child and leader of a new process group, so its daemons are
/// that group and nothing else. `-e` ends it after `lifetime` seconds even if the bench dies.
///
/// Stopping: SIGTERM to the master by PID; it passes SIGTERM to its group and exits without
/// waiting for its daemons, which would then be orphans. The bench is therefore a child
/// subreaper (`PR_SET_CHILD_SUBREAPER`): the orphans become its children, and `stop` reaps
/// each by PID (SIGKILL by PID for any still there after 10 s). Nothing is reaped with
/// `waitpid(-1)`, which could take another helper's child.
final class PostfixMaster {
    static let binary = "/usr/lib/postfix/sbin/master"

    /// The master's PID, which is also its process group's id.
    let pid: pid_t
    private var stopped = false

    /// Starts the master for the configuration in `configDirectory`; its stdout and stderr go to `output`.
    init(configDirectory: String, lifetime: Int, output: String) throws(BenchError) {
        Self.becomeSubreaper()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new group led by the master; default SIGPIPE (the bench ignores it) and no blocked signals.
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let arguments = [Self.binary, "-c", configDirectory, "-d", "-e", "\(lifetime)"]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, Self.binary, &actions, &attributes, argv, environ)
        guard code == 0 else { throw .toolFailed(tool: "postfix master", problem: "cannot start: \(String(cString: strerror(code)))") }
        pid = child
    }

    deinit { stop() }

    /// Whether the master is still running (reaps it if it has exited).
    var isRunning: Bool {
        guard !stopped else { return false }
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Stops the master and every daemon of its group, each by PID; returns when all are reaped
    /// (or, past 10 s, killed and reaped).
    func stop() {
        guard !stopped else { return }
        stopped = true
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGTERM)
            let deadline = MonotonicClock.deadline(after: 10)
            while waitpid(pid, &status, WNOHANG) == 0 {
                if MonotonicClock.now() > deadline {
                    kill(pid, SIGKILL)
                    _ = waitpid(pid, &status, 0)
                    break
                }
                usleep(2000)
            }
        }
        Self.reapGroup(pid)
    }

    /// Waits for the members of group `group` to exit, reaping those that were passed to this
    /// process; SIGKILLs (by PID) any left after 10 s.
    static func reapGroup(_ group: pid_t) {
        let me = getpid()
        let gentle = MonotonicClock.deadline(after: 10), last = MonotonicClock.deadline(after: 13)
        var killing = false
        while true {
            var left = 0
            for member in ProcessCPU.members(ofGroup: group) {
                var status: Int32 = 0
                if ProcessCPU.stat(member)?.parent == me, waitpid(member, &status, WNOHANG) == member { continue }
                left += 1
                if killing { kill(member, SIGKILL) }
            }
            // Past the last deadline only zombies of another parent can remain: nothing more to do.
            if left == 0 || MonotonicClock.now() > last { return }
            killing = MonotonicClock.now() > gentle
            usleep(5000)
        }
    }

    /// Makes this process a child subreaper (once): orphaned descendants become its children.
    private static func becomeSubreaper() { _ = subreaper }

    private static let subreaper: Int32 = {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return -1 }
        // PR_SET_CHILD_SUBREAPER is 36 (linux/prctl.h).
        return unsafeBitCast(symbol, to: Prctl.self)(36, 1, 0, 0, 0)
    }()
}
