// SpoolEntry.swift — one job file as an operator sees it: where it is, since when, and what it says.
import Foundation

/// A job file in one spool state, read for `status`, `list`, `show` and the bulk commands.
public struct SpoolEntry: Sendable {
    /// The job id (the file name's stem).
    public let id: String
    /// The state directory the file was found in.
    public let state: SpoolState
    /// The file's mtime (in `deferred/`, the next-attempt time).
    public let modified: Date
    /// The record; a producer's bare job reads as a record without attempts, received at the
    /// file's mtime. Nil when the file could not be read or is not a JSON object (`problem`).
    public let record: JobRecord?
    /// The `<id>.reason` beside the file (`failed/`, `corrupt/`).
    public let reason: String?
    /// Why `record` is nil.
    public let problem: String?

    /// A `SpoolEntry` from its parts (see `SpoolInventory`).
    public init(id: String, state: SpoolState, modified: Date, record: JobRecord?, reason: String?, problem: String?) {
        self.id = id
        self.state = state
        self.modified = modified
        self.record = record
        self.reason = reason
        self.problem = problem
    }

    /// The job's `kind` as written (possibly not a valid kind, for an invalid job).
    public var kind: String? { record?.job["kind"]?.stringValue }
    /// The job's `locale` as written.
    public var locale: String? { record?.job["locale"]?.stringValue }
    /// The job's `to` as written (mask it before showing it to people: `RecipientMask`).
    public var recipient: String? { record?.job["to"]?.stringValue }
    /// The job's `login_id` as written.
    public var loginID: String? { record?.job["login_id"]?.stringValue }
    /// How many delivery attempts the record holds.
    public var attemptCount: Int { record?.attempts.count ?? 0 }

    /// When the job was received: the record's `received_at`, else the file's mtime.
    public var receivedAt: Date { record?.receivedAt ?? modified }

    /// The job's last activity: its last attempt, else when it was received. `--since` filters on it.
    public var lastActivity: Date { record?.attempts.last?.at ?? receivedAt }

    /// The last thing that went wrong or right, one line: the last attempt's reply, else the
    /// failure reason, the reason file, or why the file could not be read.
    public var lastReply: String? {
        if let attempt = record?.attempts.last, !attempt.reply.isEmpty { return attempt.reply }
        return record?.failureReason ?? reason ?? problem
    }
}
