// Operations+Delete.swift — `delete`: remove jobs from any state but active/, like `postsuper -d`.
import Foundation
import HikyakuBase
import HikyakuSpool

extension Operations {
    /// Deletes each of `ids` (its record and any `<id>.reason`) from whatever state holds it,
    /// except `active/` (`busy`: a worker is sending it). A job whose link or code may still be
    /// live has it revoked first, so a deleted request can never be completed; if that fails the
    /// job stays. Durable (one directory sync per state) before it reports. A job that landed in
    /// `sent/` or `failed/` within the last hour is noted in the `RemovalTally` (`status`).
    public func delete(ids: [String]) -> [(id: String, action: JobAction)] {
        each(ids, progress: nil) { id, sync in
            guard let state = spool.locate(id: id) else { return .missing }
            guard state != .active else { return .busy }
            do {
                if state != .corrupt {
                    // A live link is revoked first; a record that cannot be read may hold one.
                    switch try readRecord(id: id, in: state) {
                    case .success(let record): try revokeLink(of: record)
                    case .failure(let refusal):
                        if case .refused(_, let note) = refusal.action, note.hasPrefix("unreadable") { return refusal.action }
                    }
                }
                let landed = spool.modified(name: "\(id).json", in: state)
                guard try spool.delete(name: "\(id).json", in: state) else {
                    // Moved meanwhile: a worker claimed it (busy), or it is truly gone.
                    return spool.locate(id: id) == .active ? .busy : .missing
                }
                _ = try spool.delete(name: "\(id).reason", in: state)
                if let landed { noteRemoval(state, landed: landed) }
                sync.owe(state)
                return .done(from: state)
            } catch {
                return Operations.action(for: error)
            }
        }
    }

    /// Notes one removed job in the `RemovalTally` when it counts in `status`'s last hour; a
    /// tally that cannot be written loses only that count (the deletion itself stands).
    func noteRemoval(_ state: SpoolState, landed: Date) {
        let now = clock.now()
        guard RemovalTally.tracked.contains(state), landed >= now.addingTimeInterval(-RemovalTally.window) else { return }
        var tally = RemovalTally.load(from: spool)
        tally.note(state, landed: landed, now: now)
        try? tally.save(to: spool, now: now)
    }
}
