// PeakMemory.swift — the process's peak resident set (VmHWM), resettable between scenarios.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's resident set: current and peak (VmHWM), resettable between scenarios.
public enum PeakMemory {
    /// Resets the peak to the current RSS (Linux `clear_refs` 5); false when the kernel refuses.
    @discardableResult
    public static func reset() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// The peak RSS in bytes since start or the last `reset()` (VmHWM), else `ru_maxrss`.
    public static func peakBytes() -> Int {
        if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                let digits = line.split(separator: " ").compactMap { Int($0) }
                if let kilobytes = digits.first { return kilobytes * 1024 }
            }
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }
}
