// DirectorySync.swift — the directory fsyncs a batch of spool moves owes: one per directory, at the end.
import Foundation
import HikyakuBase
import Synchronization

/// Collects the state directories a batch of moves changed, so a bulk command fsyncs each
/// directory once instead of once per job. Each file is still fsynced before it is renamed;
/// only the directory fsyncs wait. Until `settle` returns, a crash may undo some of the batch's
/// renames (never half of one), which leaves those jobs where they were: safe to do again.
public final class DirectorySync: Sendable {
    private let pending = Mutex<Set<SpoolState>>([])

    /// An empty batch.
    public init() {}

    /// Notes that `state`'s directory changed and must be fsynced before the batch is reported.
    package func owe(_ state: SpoolState) {
        pending.withLock { _ = $0.insert(state) }
    }

    /// Fsyncs every directory owed; when it returns, every move of the batch is durable.
    public func settle(_ spool: DirectorySpool) throws(SpoolError) {
        let states = pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
        for state in SpoolState.allCases where states.contains(state) {
            try spoolIO(Files.syncDirectory(spool.path(state)))
        }
    }
}

extension DirectorySync {
    /// Fsyncs one state's directory now (the end of a purge's deletions).
    public static func settle(_ state: SpoolState, in spool: DirectorySpool) throws(SpoolError) {
        let sync = DirectorySync()
        sync.owe(state)
        try sync.settle(spool)
    }
}

extension DirectorySpool {
    /// Fsyncs `state`'s directory now, or leaves it to `sync`'s `settle`.
    func sync(_ state: SpoolState, _ sync: DirectorySync?) throws(SpoolError) {
        if let sync { sync.owe(state) } else { try spoolIO(Files.syncDirectory(path(state))) }
    }
}
