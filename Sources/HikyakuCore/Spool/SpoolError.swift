// SpoolError.swift — spool failures, each naming the path and what the operator can do.
import Foundation

/// A spool operation that could not be done. Nothing is lost when one is thrown.
public enum SpoolError: Error, CustomStringConvertible, Equatable {
    /// A system call failed on `path`.
    case io(path: String, operation: String, errno: Int32)
    /// The spool directory is unsafe to use (permissions or owner).
    case unsafe(path: String, problem: String)
    /// The job id does not follow `[A-Za-z0-9_-]{1,64}`.
    case badID(String)
    /// No job with this id in the states looked at.
    case notFound(id: String)
    /// A job with this id already exists.
    case exists(id: String, state: SpoolState)
    /// The entry is not a plain, singly-linked regular file (it is quarantined, never followed).
    case hostile(path: String, problem: String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            return "spool \(path): \(operation) failed: \(String(cString: strerror(code))) (check free space and permissions)"
        case .unsafe(let path, let problem): return "spool \(path): \(problem)"
        case .badID(let id): return "job id \"\(Sanitize.line(id))\" is invalid (expected [A-Za-z0-9_-]{1,64})"
        case .notFound(let id): return "job \(id): not found in the spool"
        case .exists(let id, let state): return "job \(id): already in \(state.rawValue)/ (choose another id)"
        case .hostile(let path, let problem): return "spool \(path): \(problem)"
        }
    }

    /// Whether retrying later may succeed (full disk, I/O) rather than the entry being bad.
    public var isTransient: Bool {
        if case .io = self { return true }
        return false
    }
}
