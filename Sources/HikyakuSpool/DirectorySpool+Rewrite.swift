// DirectorySpool+Rewrite.swift — claimed jobs' records replaced in active/ together: one sync for the batch.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension DirectorySpool {
    /// Replaces the records of claimed jobs in `active/` (`records` maps id → contents), all made
    /// durable with one `fsync` or `syncfs`, then renamed into place and `active/` synced once —
    /// like `rewrite` for each, at the cost of one sync. Each new file is locked before it becomes
    /// visible and the claim moves to it, so no claim lapses. Returns each id's error, if any (the
    /// old record then stays).
    public func rewriteClaimed(_ records: [(id: String, data: Data)]) -> [String: SpoolError] {
        var failures: [String: SpoolError] = [:]
        var written: [(id: String, descriptor: Int32, temporary: String)] = []
        for (id, data) in records {
            let temporary = path(.tmp, "\(id).\(ProcessIdentity.current).\(counter.next()).rewrite")
            do {
                let descriptor = try spoolIO(Files.write(data, to: temporary, modified: nil))
                _ = flock(descriptor, LOCK_EX | LOCK_NB)
                written.append((id, descriptor, temporary))
            } catch {
                failures[id] = error
            }
        }
        if let failure = FileSystemSync.contents(of: written.map(\.descriptor)) {
            let error = SpoolError.io(path: written[failure.index].temporary, operation: failure.operation, errno: failure.errno)
            for entry in written { failures[entry.id] = error }
        }
        var renamed: [(id: String, descriptor: Int32)] = []
        for entry in written {
            if failures[entry.id] == nil, rename(entry.temporary, path(.active, "\(entry.id).json")) == 0 {
                renamed.append((entry.id, entry.descriptor))
                continue
            }
            if failures[entry.id] == nil { failures[entry.id] = .io(path: entry.temporary, operation: "rename into active/", errno: errno) }
            close(entry.descriptor)
            unlink(entry.temporary)
        }
        var directoryFailure: SpoolError?
        if !renamed.isEmpty {
            do throws(SpoolError) { try spoolIO(Files.syncDirectory(path(.active))) } catch { directoryFailure = error }
        }
        for entry in renamed {
            claims.replace(entry.id, with: entry.descriptor)
            if let directoryFailure { failures[entry.id] = directoryFailure }
        }
        return failures
    }
}
