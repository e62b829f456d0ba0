// ProcessCPU.swift — CPU seconds of this process (getrusage) and of another process group (/proc), and its members.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU time as the kernel accounts it: user plus system, every thread.
enum ProcessCPU {
    /// This whole process's CPU seconds so far (`RUSAGE_SELF`).
    static func ownSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The CPU seconds of the process group led by `leader` so far: the leader's own and what its
    /// reaped children used (`cutime`, `cstime`), plus every live or unreaped member's own and
    /// reaped children's. nil when the leader is gone. A member that exits between the two
    /// reads may be missed (a few milliseconds at most).
    static func groupSeconds(leader: pid_t) -> (seconds: Double, processes: Int)? {
        guard let head = stat(leader) else { return nil }
        var ticks = head.ownTicks + head.childTicks
        let members = self.members(ofGroup: leader).filter { $0 != leader }
        for member in members {
            if let entry = stat(member), entry.group == leader { ticks += entry.ownTicks + entry.childTicks }
        }
        return (Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK))), members.count + 1)
    }

    /// The pids in /proc whose process group is `group` (zombies included).
    static func members(ofGroup group: pid_t) -> [pid_t] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return names.compactMap { pid_t($0) }.filter { stat($0)?.group == group }
    }

    /// What /proc/<pid>/stat says of a process: its parent, its group, its CPU in clock ticks.
    struct Entry {
        var parent: pid_t
        var group: pid_t
        /// utime + stime.
        var ownTicks: Int
        /// cutime + cstime: the children it has waited for.
        var childTicks: Int
    }

    /// Parses /proc/`pid`/stat; nil when the process is gone. The command name (field 2) may
    /// hold spaces and parentheses, so fields are counted from its last ")".
    static func stat(_ pid: pid_t) -> Entry? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard got > 0, let close = buffer[0..<got].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        // After ")": state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt,
        // cmajflt, utime, stime, cutime, cstime, …
        let fields = buffer[(close + 1)..<got].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count > 14, let parent = pid_t(fields[1]), let group = pid_t(fields[2]),
            let user = Int(fields[11]), let system = Int(fields[12]), let childUser = Int(fields[13]),
            let childSystem = Int(fields[14])
        else { return nil }
        return Entry(parent: parent, group: group, ownTicks: user + system, childTicks: childUser + childSystem)
    }

    private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
}
