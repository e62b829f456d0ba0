// SpoolState.swift — the spool's states, named after the directories an operator sees.
import Foundation

/// A job's state is the directory its file is in (see the state table in README.md).
public enum SpoolState: String, Sendable, CaseIterable {
    /// Files being written by a producer; not yet handed off.
    case tmp
    /// Handed off, waiting to be claimed.
    case new
    /// Claimed by a worker, being sent.
    case active
    /// A transient failure; retried when the file's mtime (its next-attempt time) has passed.
    case deferred
    /// Delivered (the relay answered 2xx, or the file transport wrote it).
    case sent
    /// Sent, then a verified hard bounce came back (`inbound/`): the record, with the bounce in
    /// its `inbound` notes, moved here from `sent/`.
    case bounced
    /// Permanently failed or invalid, with `<id>.reason`.
    case failed
    /// Unparseable or hostile entries, with `<id>.reason`.
    case corrupt
    /// Held by an operator; never sent nor expired while held.
    case hold
}
