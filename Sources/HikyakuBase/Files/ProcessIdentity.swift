// ProcessIdentity.swift — this process's id, read once, for the names of temporary and events files.
#if canImport(Glibc)
import Glibc
#endif

/// This process's id, asked of the kernel once rather than for every file name (a `getpid`
/// system call each time). Swift code here never forks without exec, so the id stays right for
/// the life of the process.
package enum ProcessIdentity {
    /// `getpid()`, read on first use.
    package static let current: Int32 = getpid()
}
