// DirectorySpool+GroupCommit.swift — a job's final move, queued to the committer instead of synced in place.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

extension DirectorySpool {
    /// Moves job `id` from `source` to `destination` with new contents `data` (mtime `modified`)
    /// and, with `reason`, writes `<id>.reason` beside it — like `move` plus `writeReason`, but
    /// made durable together with other jobs' moves (see `GroupCommit`). With `event` (one JSON
    /// line), that line goes into the group's one new file in `events/`, durable and visible
    /// together with the record, never after it. Returns once the new
    /// record is written into `tmp/`; `completion` runs later, on the committer thread, after
    /// the record is durable in `destination` and the old copy is gone — or with the error, the
    /// job then staying in `source`. Never calls `completion` before that, nor more than once.
    public func moveGrouped(
        id: String, from source: SpoolState, to destination: SpoolState, data: Data, modified: Date?,
        reason: String?, event: Data? = nil, completion: @escaping @Sendable (SpoolError?) -> Void
    ) {
        let temporary = path(.tmp, "\(id).\(ProcessIdentity.current).\(counter.next()).rewrite")
        let descriptor: Int32
        do {
            descriptor = try spoolIO(Files.write(data, to: temporary, modified: modified))
        } catch {
            completion(error)
            return
        }
        var companions: [GroupCommit.Companion] = []
        var files: [(Data, String, String, UInt32)] = []
        if let reason {
            files.append(
                (Data((Sanitize.line(reason, limit: 2000) + "\n").utf8), path(destination, "\(id).reason"), path(destination), 0o600))
        }
        for (bytes, target, directory, permissions) in files {
            let staged = path(.tmp, "\(id).\(ProcessIdentity.current).\(counter.next()).companion")
            do {
                let written = try spoolIO(Files.write(bytes, to: staged, modified: nil, permissions: permissions))
                companions.append(GroupCommit.Companion(descriptor: written, temporary: staged, destination: target, directory: directory))
            } catch {
                for companion in companions {
                    close(companion.descriptor)
                    unlink(companion.temporary)
                }
                close(descriptor)
                unlink(temporary)
                completion(error)
                return
            }
        }
        var obsolete = [path(source, "\(id).json")]
        if source == .failed || source == .corrupt { obsolete.append(path(source, "\(id).reason")) }
        // A claimed job's old copy goes only while it is still the file the claim holds.
        let owned = ownedIdentity(id: id, in: source).map { [obsolete[0]: $0] } ?? [:]
        group.enqueue(
            GroupCommit.Entry(
                descriptor: descriptor, temporary: temporary, destination: path(destination, "\(id).json"),
                directory: path(destination), companions: companions,
                // An event is the web tier's to read: group-readable in the two-user layout.
                event: event.map {
                    GroupCommit.Event(
                        bytes: $0, temporaryDirectory: path(.tmp), directory: eventsPath, permissions: sharedGroup == nil ? 0o600 : 0o640)
                }, obsolete: obsolete, owned: owned,
                completion: completion))
    }

    /// `moveGrouped`, waiting for its outcome: returns once the record is durable in
    /// `destination` and the old copy is gone, or throws the error (the job then stays in
    /// `source`). The wait is for one group sync, shared with every thread finishing a job meanwhile.
    public func moveGroupedAndWait(
        id: String, from source: SpoolState, to destination: SpoolState, data: Data, modified: Date?,
        reason: String?
    ) throws(SpoolError) {
        let outcome = OneShot<SpoolError?>()
        moveGrouped(id: id, from: source, to: destination, data: data, modified: modified, reason: reason) { error in
            outcome.finish(error)
        }
        if let error = outcome.wait() { throw error }
    }

    /// Blocks until every move queued by `moveGrouped` so far is durable and reported.
    public func waitForGroupedMoves() {
        group.drain()
    }
}
