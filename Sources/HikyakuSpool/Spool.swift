// Spool.swift — the Spool protocol: job files and the state moves the worker relies on.
import Foundation

/// What the worker needs from a spool. `DirectorySpool` is the only production variant.
public protocol Spool: AnyObject, Sendable {
    /// Creates missing state directories (0700) and checks the spool is safe to use.
    func prepare() throws(SpoolError)
    /// Hands a job off: durable write into `tmp/`, then rename into `new/`.
    func enqueue(id: String, data: Data) throws(SpoolError)
    /// File names currently in `state`, unparsed (may include odd names).
    func entries(in state: SpoolState) throws(SpoolError) -> [String]
    /// Claims `new/<name>` by renaming it into `active/`; false when another worker got it first.
    func claim(id: String) throws(SpoolError) -> Bool
    /// Reads a job file safely (no symlinks, FIFOs, hard links or oversized files).
    func read(id: String, in state: SpoolState) throws(SpoolError) -> Data
    /// Durably replaces the job file in `state` (write, fsync, rename, fsync the directory).
    func rewrite(id: String, in state: SpoolState, data: Data, modified: Date?) throws(SpoolError)
    /// Durably moves a job from `source` to `destination` with new contents.
    func move(id: String, from source: SpoolState, to destination: SpoolState, data: Data, modified: Date?) throws(SpoolError)
    /// Writes `<id>.reason` beside the job in `state`.
    func writeReason(id: String, in state: SpoolState, reason: String) throws(SpoolError)
    /// Moves an entry of `state` that is not a usable job file into `corrupt/`, with a reason.
    func quarantine(name: String, from state: SpoolState, reason: String) throws(SpoolError)
    /// Ids of deferred jobs whose next-attempt time has passed.
    func dueDeferred(now: Date) throws(SpoolError) -> [String]
}
