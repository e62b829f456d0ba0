// Spawn.swift — runs a helper program with posix_spawn and times it to the microsecond, bounded.
import Foundation
#if canImport(Glibc)
import Glibc
import HikyakuBase
#endif

/// One finished child process.
package struct Spawned {
    /// The exit status (128 + signal when killed).
    package var status: Int32
    /// From just before `posix_spawn` to the moment the child was reaped.
    package var seconds: Double
}

/// `posix_spawn` plus a `waitpid` poll: Foundation's `Process.waitUntilExit` wakes on a run
/// loop tick, too coarse for a 20 ms figure. Every child is killed (SIGKILL, by PID) at its deadline.
package enum Spawn {
    /// Runs `path` with `arguments`, feeding `input` on stdin, stdout and stderr to the given
    /// files (else /dev/null). Throws when it cannot start or outlives `timeout` seconds.
    package static func run(
        _ path: String, _ arguments: [String], input: [UInt8]? = nil, stdout: String? = nil,
        stderr: String? = nil, timeout: Double
    ) throws(SupportError) -> Spawned {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = [-1, -1]
        if input != nil {
            guard pipe(&pipeEnds) == 0 else { throw .io(path: path, operation: "pipe", errno: errno) }
            // Only the dup2'd copy may reach the child (else it never sees end of input).
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let started = MonotonicClock.now()
        let code = posix_spawn(&pid, path, &actions, nil, argv, environ)
        if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
        guard code == 0 else {
            if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
            throw .toolFailed(tool: path, problem: "cannot start: \(String(cString: strerror(code)))")
        }
        if let input {
            // A child that exits without reading gets EPIPE here, not a signal (the bench ignores SIGPIPE).
            _ = input.withUnsafeBytes { write(pipeEnds[1], $0.baseAddress, $0.count) }
            close(pipeEnds[1])
        }
        let deadline = started + UInt64(timeout * 1e9)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { throw .io(path: path, operation: "waitpid", errno: errno) }
            if MonotonicClock.now() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw .timedOut(program: (path as NSString).lastPathComponent, seconds: Int(timeout))
            }
            usleep(100)
        }
        let seconds = MonotonicClock.seconds(from: started, to: MonotonicClock.now())
        let signal = status & 0x7f
        return Spawned(status: signal == 0 ? (status >> 8) & 0xff : 128 + signal, seconds: seconds)
    }

    /// The first executable `name` on `PATH`, or nil.
    /// Stops a server started under `timeout`: SIGTERM to the wrapper by PID (which passes it on),
    /// SIGKILL if it lingers past 3 s, then reaps it.
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        let deadline = MonotonicClock.deadline(after: 3)
        while process.isRunning && MonotonicClock.now() < deadline { usleep(10_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    package static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
