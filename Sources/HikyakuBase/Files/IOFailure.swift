// IOFailure.swift — the one I/O failure type: which system call failed on which path, and its errno.
import Foundation

/// A system call that failed on a path. Every concern's error enum carries it as `case io(IOFailure)`
/// rather than repeating the fields, so an operator reads the same line whatever failed.
public struct IOFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file or directory the call was made on.
    public var path: String
    /// What was attempted, in words (`create`, `fsync`, `rename to new/x.json`).
    public var operation: String
    /// The call's errno.
    public var errno: Int32

    public init(path: String, operation: String, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    /// `path: operation failed: strerror`.
    public var description: String { "\(path): \(operation) failed: \(String(cString: strerror(errno)))" }

    /// Whether the failure was a missing file or directory.
    public var isNotFound: Bool { errno == ENOENT }
}

/// Why a step of the durable-file layer (`Files`) failed: a system call, or an entry refused
/// before it was opened because it is not a plain file. Each concern maps it into its own error.
public enum FileFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed.
    case io(IOFailure)
    /// `path` is not a regular, singly-linked file of an acceptable size (symlink, FIFO,
    /// directory, hard link, too large): refused, never followed or opened.
    case hostile(path: String, problem: String)

    public var description: String {
        switch self {
        case .io(let failure): return failure.description
        case .hostile(let path, let problem): return "\(path): \(problem)"
        }
    }
}
