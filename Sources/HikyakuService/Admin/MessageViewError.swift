// MessageViewError.swift — why `show ID --message` could not compose a job's mail.
import Foundation
import HikyakuSpool

/// Why the mail of a spooled job could not be shown.
public enum MessageViewError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No state holds the job (exit 66).
    case notFound(id: String)
    /// The job file is not a readable job record (e.g. in `corrupt/`; exit 65).
    case unreadable(id: String, state: SpoolState, why: String)
    /// The job is not valid, or its mail does not compose (the worker fails it the same way; exit 65).
    case invalid(id: String, why: String)

    public var description: String {
        switch self {
        case .notFound(let id): return "no job \(id) in the spool (check the id with hikyaku list all)"
        case .unreadable(let id, let state, let why):
            return "job \(id) in \(state.rawValue)/ is not a readable job, so it has no mail: \(why)"
        case .invalid(let id, let why): return "job \(id) has no mail the worker would send: \(why)"
        }
    }
}
