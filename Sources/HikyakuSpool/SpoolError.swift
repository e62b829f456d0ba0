// SpoolError.swift — spool failures, each naming the path and what the operator can do.
import Foundation
import HikyakuBase

/// A spool operation that could not be done. Nothing is lost when one is thrown.
public enum SpoolError: Error, CustomStringConvertible, Equatable {
    /// A system call failed.
    case io(IOFailure)
    /// The spool (or one of its state directories) does not exist; nothing was created.
    case missing(path: String)
    /// The `inbound_maildir` (or its `new/` or `cur/`) does not exist yet: the MTA makes it on
    /// its first delivery, hikyaku never does.
    case missingMaildir(path: String)
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
        case .io(let failure): return "spool \(failure) (check free space and permissions)"
        case .missing(let path): return "spool \(path): does not exist (hikyaku init or hikyaku run creates it)"
        case .missingMaildir(let path):
            return "inbound_maildir \(path): does not exist yet (the MTA makes it on its first delivery; "
                + "or make it now, this user's, 0700, with new/ cur/ tmp/)"
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

    /// `.io(IOFailure(path:operation:errno:))`, spelled as the call sites read.
    static func io(path: String, operation: String, errno: Int32) -> Self {
        .io(IOFailure(path: path, operation: operation, errno: errno))
    }

    /// A durable-file step's failure as a spool error.
    init(_ failure: FileFailure) {
        switch failure {
        case .io(let failure): self = .io(failure)
        case .hostile(let path, let problem): self = .hostile(path: path, problem: problem)
        }
    }
}

/// Runs a durable-file step, reporting their failure as a `SpoolError`.
@inline(__always)
func spoolIO<T>(_ step: @autoclosure () throws(FileFailure) -> T) throws(SpoolError) -> T {
    do { return try step() } catch { throw SpoolError(error) }
}
