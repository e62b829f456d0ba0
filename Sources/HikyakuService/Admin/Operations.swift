// Operations.swift — the operator's commands over a live spool: what each did to each job.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuTokens
import HikyakuSpool

/// The library behind `status`, `list`, `show`, `replay`, `flush`, `hold`, `release` and `purge`.
///
/// Every change goes through `DirectorySpool` and is durable (write, fsync, rename, fsync the
/// directory) before the command reports it. A worker may run meanwhile: moves are single
/// renames, so a job is claimed by the worker or moved by the operator, never both; a job that
/// moved on between the listing and the move is reported as `missing`, and a bulk command carries on.
public struct Operations: Sendable {
    /// The spool operated on.
    public let spool: DirectorySpool
    /// The token store, for revoking a replayed job's link and reporting token states. Nil when
    /// there is no server secret yet (then no link or code was ever issued).
    public let tokens: TokenStore?
    /// The source of "now" for ages, bounds and new time stamps.
    public let clock: any Clock
    /// The mail kinds jobs are validated against, and whose secrets replay and show look up.
    public let catalogue: MailCatalogue

    /// Operations on `spool`, with `tokens` when a server secret exists, for jobs of `catalogue`'s kinds.
    public init(spool: DirectorySpool, tokens: TokenStore?, clock: any Clock = SystemClock(), catalogue: MailCatalogue = .standard) {
        self.spool = spool
        self.tokens = tokens
        self.clock = clock
        self.catalogue = catalogue
    }

    /// The read-only view of the spool.
    public var inventory: SpoolInventory { SpoolInventory(spool: spool) }
}

/// What one operator command did to one job.
public enum JobAction: Sendable, Equatable {
    /// Moved out of this state (replayed, flushed, held, released).
    case done(from: SpoolState)
    /// Nothing to do: the job is already where the command would put it.
    case unchanged(SpoolState, note: String)
    /// No job with this id (or it moved on, e.g. was purged, between listing and moving).
    case missing
    /// The job is in a state this command does not take it from.
    case refused(SpoolState, note: String)
    /// A worker is sending it (`active/`); try again once it settles.
    case busy
    /// Already sent: replaying it again needs `--force`.
    case needsForce
    /// A spool or token-store failure; the job is where it was (or, at worst, in `new/`).
    case error(String)

    /// Whether the command did what was asked (or there was nothing to do).
    public var isSuccess: Bool {
        switch self {
        case .done, .unchanged: return true
        default: return false
        }
    }

    /// One line for people, e.g. `replayed (from failed/)`.
    public func text(verb: String) -> String {
        switch self {
        case .done(let state): return "\(verb) (from \(state.rawValue)/)"
        case .unchanged(let state, let note): return "unchanged: \(note) (in \(state.rawValue)/)"
        case .missing: return "not found (no such job, or it moved on meanwhile)"
        case .refused(let state, let note): return "refused: \(note) (in \(state.rawValue)/)"
        case .busy: return "refused: a worker is sending it now (in active/); try again when it has settled"
        case .needsForce: return "refused: already sent (in sent/); add --force to send it again"
        case .error(let message): return "error: \(message)"
        }
    }

    /// The JSON form: `{"result":"done","from":"failed"}`, `{"result":"refused","state":…,"note":…}`.
    public var json: [String: JSONValue] {
        switch self {
        case .done(let state): return ["result": "done", "from": .string(state.rawValue)]
        case .unchanged(let state, let note): return ["result": "unchanged", "state": .string(state.rawValue), "note": .string(note)]
        case .missing: return ["result": "missing"]
        case .refused(let state, let note): return ["result": "refused", "state": .string(state.rawValue), "note": .string(note)]
        case .busy: return ["result": "busy", "state": "active"]
        case .needsForce: return ["result": "needs_force", "state": "sent"]
        case .error(let message): return ["result": "error", "error": .string(message)]
        }
    }
}

extension Operations {
    /// Runs `step` over `ids` in order under the operator lock, reporting progress as
    /// `(done, total)` after each job, then fsyncs the directories the batch changed, once each.
    /// If that fails, no job is reported done: each says its move may not have survived a crash.
    func each(_ ids: [String], progress: ((Int, Int) -> Void)?, _ step: (String, DirectorySync) -> JobAction) -> [(
        id: String, action: JobAction
    )] {
        let sync = DirectorySync()
        var results: [(id: String, action: JobAction)] = []
        do {
            try spool.withOperatorLock {
                for (index, id) in ids.enumerated() {
                    results.append((id, JobID.isValid(id) ? step(id, sync) : .missing))
                    progress?(index + 1, ids.count)
                }
                try sync.settle(spool)
            }
        } catch {
            let done = Set(results.map(\.id))
            let unsure = results.map { result -> (id: String, action: JobAction) in
                guard case .done = result.action else { return result }
                return (result.id, .error("moved, but not yet durable: \(error)"))
            }
            return unsure + ids.filter { !done.contains($0) }.map { ($0, .error("\(error)")) }
        }
        return results
    }

    /// Maps what a move threw to the job's action: a vanished file is `missing`, not an error.
    static func action(for error: Error) -> JobAction {
        if let error = error as? SpoolError {
            switch error {
            case .notFound: return .missing
            case .io(let failure) where failure.isNotFound: return .missing
            case .exists(_, let state): return .refused(state, note: "a job with this id is already in \(state.rawValue)/")
            default: return .error(error.description)
            }
        }
        return .error("\(error)")
    }
}
