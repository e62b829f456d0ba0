// ComposeError.swift — why a job could not be composed into a mail, one line each.
import Foundation

/// Composing one job failed: its templates could not render it, or its message could not be built.
public enum ComposeError: Error, CustomStringConvertible {
    /// The templates could not render this job. The worker only runs on templates that pass
    /// `templates check`, so what is left is the job's own data (a value that breaks a subject
    /// line): the job fails with this reason.
    case template(jobID: String, TemplateError)
    /// The message could not be built (a bad address: the job fails).
    case mime(jobID: String, MIMEError)

    public var description: String {
        switch self {
        case .template(let id, let error): return "job \(id): \(error.description)"
        case .mime(let id, let error): return "job \(id): \(error.description)"
        }
    }

    /// Whether the job should be retried later rather than failed: never, since neither the
    /// job's data nor checked templates change by waiting.
    public var isTransient: Bool { false }
}
