// SpoolInventory.swift — reads what each spool state holds, for the operator's commands; changes nothing.
import Foundation
import HikyakuBase

/// A read-only view of a `DirectorySpool`: the job files of a state, parsed as far as they parse.
///
/// Files can move while they are read (a worker is running): a file that vanished between the
/// listing and the read is simply left out, never an error.
public struct SpoolInventory: Sendable {
    /// The spool looked at.
    public let spool: DirectorySpool

    /// An inventory of `spool`.
    public init(spool: DirectorySpool) {
        self.spool = spool
    }

    /// Ids of the job files (`<id>.json`) in `state`, sorted; other names are left out.
    public func ids(in state: SpoolState) throws(SpoolError) -> [String] {
        try spool.entries(in: state).compactMap(JobID.fromFileName).sorted()
    }

    /// Every job file in `state`, read and parsed.
    public func entries(in state: SpoolState) throws(SpoolError) -> [SpoolEntry] {
        try ids(in: state).compactMap { entry(id: $0, in: state) }
    }

    /// The job `id` wherever it is, or nil when no state holds it.
    public func entry(id: String) -> SpoolEntry? {
        guard JobID.isValid(id), let state = spool.locate(id: id) else { return nil }
        return entry(id: id, in: state)
    }

    /// The job `id` in `state`, or nil when it is not (or no longer) there.
    public func entry(id: String, in state: SpoolState) -> SpoolEntry? {
        guard let modified = spool.modified(id: id, in: state) else { return nil }
        let reason = state == .failed || state == .corrupt ? spool.reason(id: id, in: state) : nil
        do {
            let data = try spool.read(id: id, in: state)
            // A bare job was received when its file was written: decode with that as "now".
            let record = JobRecord.decode(id: id, object: try JSONDocument.object(data), now: modified)
            return SpoolEntry(id: id, state: state, modified: modified, record: record, reason: reason, problem: nil)
        } catch let error as SpoolError {
            if case .io(let failure) = error, failure.isNotFound { return nil }
            return SpoolEntry(id: id, state: state, modified: modified, record: nil, reason: reason, problem: error.description)
        } catch {
            return SpoolEntry(id: id, state: state, modified: modified, record: nil, reason: reason, problem: "\(error)")
        }
    }
}
