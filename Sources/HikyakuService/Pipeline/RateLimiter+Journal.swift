// RateLimiter+Journal.swift — every worker's rate-limit counts in one append-only journal, read incrementally under flock.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuTokens
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension RateLimiter {
    /// The counts of every key in `<limits>/journal`: one line per counted mail and key,
    /// `<key> <seconds> <tag>`, where `<key>` is the first 8 bytes of the key's SHA-256 in hex (no
    /// login or address appears), `<seconds>` the admission time and `<tag>` the job's (0: none).
    /// Lines are appended, never rewritten, under an exclusive `flock` on `<limits>/lock` that every
    /// worker shares; each process keeps an index of what it has read and reads only what was
    /// appended since (`Journal+Reading`). A journal that was replaced (compacted by another
    /// process) or truncated is read again from its start. Not fsynced: an operating-system crash
    /// may forget the last admissions, never invent one; a line that does not parse is skipped, so
    /// a damaged journal can only forget admissions too.
    final class Journal: Sendable {
        /// What one process has read of the journal, and the descriptor it reads and appends through.
        struct State {
            var descriptor: Int32 = -1
            var device: UInt64 = 0
            var inode: UInt64 = 0
            /// Bytes of the journal read so far (the file's size after the last read or append).
            var offset = 0
            /// The start of a line not yet complete at `offset` (a crash's remnant, or nothing).
            var partial: [UInt8] = []
            var index = MarkIndex()
            /// The journal size at which compaction is considered next.
            var compactAt = Journal.compactionBytes
            var directoryReady = false
        }

        let directory: String
        /// Marks kept per key: the largest configured count (older ones cannot change a decision).
        let cap: Int
        /// The longest window: marks older than this are dropped when the journal is compacted.
        let longestWindow: Int
        let state = Mutex(State())

        /// Compaction is considered once the journal is this large (and then only when at least
        /// half its lines have left every window).
        static let compactionBytes = 1 << 20

        var journalPath: String { directory + "/journal" }
        var lockPath: String { directory + "/lock" }

        init(directory: String, limits: [String: RateLimit]) {
            self.directory = directory
            cap = max(1, limits.values.map(\.count).max() ?? 1)
            longestWindow = max(1, limits.values.map(\.windowSeconds).max() ?? 1)
        }

        deinit {
            state.withLock { if $0.descriptor >= 0 { Files.discard(descriptor: $0.descriptor) } }
        }

        /// The journal's key for a rate-limit key (`login␀kind␀login` or `to␀kind␀address`).
        static func key(_ text: String) -> UInt64 {
            SHA256.hash(text).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        }

        /// Runs `body` with the journal read up to its end, holding this process's mutex and the
        /// exclusive `flock` every worker shares.
        func withCurrent<T>(_ body: (inout State) throws(IOFailure) -> T) throws(IOFailure) -> T {
            try state.withLock { (state: inout State) throws(IOFailure) -> T in
                if !state.directoryReady {
                    try Self.makeDirectory(directory)
                    state.directoryReady = true
                }
                let lock: Int32
                do throws(FileFailure) {
                    lock = try Files.lock(lockPath, exclusive: true)
                } catch {
                    throw Self.failure(error, path: lockPath)
                }
                defer { Files.discard(descriptor: lock) }
                try catchUp(&state)
                return try body(&state)
            }
        }

        /// Creates `directory` (and the state directory above it, which the token store makes
        /// lazily) when missing.
        static func makeDirectory(_ directory: String) throws(IOFailure) {
            do {
                try Files.makeDirectory(Files.parent(of: directory))
                try Files.makeDirectory(directory)
            } catch {
                throw failure(error, path: directory)
            }
        }

        static func failure(_ error: FileFailure, path: String) -> IOFailure {
            switch error {
            case .io(let failure): return failure
            case .hostile(let path, let problem): return IOFailure(path: "\(path) (\(problem))", operation: "open", errno: EINVAL)
            }
        }
    }
}
