// InboundSpool+Purge.swift — old inbound messages deleted on an operator's word: the retention `inbound purge` gives.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension InboundSpool {
    /// The states `purge` takes from: what the worker has finished with. `new/` and `tmp/` never.
    public static let purgeableStates: [InboundState] = [.done, .other, .quarantine]

    /// The messages in `state` whose file last changed before `cutoff`, oldest first. Throws
    /// `unsafe` for a state the worker still owns (`new/`, `tmp/`).
    public func purgeable(in state: InboundState, before cutoff: Date) throws(SpoolError) -> [InboundName] {
        guard Self.purgeableStates.contains(state) else {
            throw .unsafe(
                path: path(state), problem: "inbound/\(state.rawValue)/ is the worker's: only done, other and quarantine are purged")
        }
        return try names(in: state).filter { name in (attributes(name, in: state)?.modified).map { $0 < cutoff } ?? false }
    }

    /// Deletes each message of `names` in `state` with its report and reason file (one already
    /// gone is fine), then syncs the directory once; returns how many messages went.
    public func remove(_ names: [InboundName], in state: InboundState) throws(SpoolError) -> Int {
        guard Self.purgeableStates.contains(state) else { return 0 }
        var removed = 0
        for name in names {
            for file in [name.reportName, name.reasonName] where unlink(path(state, file)) != 0 && errno != ENOENT {
                throw .io(path: path(state, file), operation: "unlink", errno: errno)
            }
            if unlink(path(state, name.fileName)) == 0 {
                removed += 1
            } else if errno != ENOENT {
                throw .io(path: path(state, name.fileName), operation: "unlink", errno: errno)
            }
        }
        if !names.isEmpty { try spoolIO(Files.syncDirectory(path(state))) }
        return removed
    }
}
