// WorkerError.swift — why a job could not be composed or recorded, one line each.
import Foundation

/// A step of the worker's pipeline that failed for one job.
public enum WorkerError: Error, CustomStringConvertible {
    /// The templates could not render this job (fix the templates; the job is deferred).
    case template(jobID: String, TemplateError)
    /// The message could not be built (a bad address: the job fails).
    case mime(jobID: String, MIMEError)
    /// The token store could not record the job's link or code (the job is deferred).
    case token(jobID: String, TokenError)

    public var description: String {
        switch self {
        case .template(let id, let error): return "job \(id): \(error.description)"
        case .mime(let id, let error): return "job \(id): \(error.description)"
        case .token(let id, let error): return "job \(id): \(error.description)"
        }
    }

    /// Whether the job should be retried later rather than failed.
    public var isTransient: Bool {
        if case .mime = self { return false }
        return true
    }
}
