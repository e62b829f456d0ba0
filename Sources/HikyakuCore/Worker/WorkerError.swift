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
    /// The preview gallery could not list its jobs or write its page (`path` says which).
    case gallery(path: String, reason: String)

    public var description: String {
        switch self {
        case .template(let id, let error): return "job \(id): \(error.description)"
        case .mime(let id, let error): return "job \(id): \(error.description)"
        case .token(let id, let error): return "job \(id): \(error.description)"
        case .gallery(let path, let reason): return "gallery \(path): \(reason)"
        }
    }

    /// Whether the job should be retried later rather than failed.
    public var isTransient: Bool {
        switch self {
        case .template, .token: return true
        case .mime, .gallery: return false
        }
    }
}
