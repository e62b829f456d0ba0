// SupportError.swift — why a helper process, port or socket for a test or the bench could not be had.
import Foundation
import HikyakuBase

/// A helper (smtp-sink, a spawned program, a loopback relay) that could not be set up or run.
public enum SupportError: Error, CustomStringConvertible {
    /// A program the helper drives is missing (smtp-sink, smtp-source, python3).
    case missingTool(path: String, hint: String)
    /// A helper process could not be started or did not come up.
    case toolFailed(tool: String, problem: String)
    /// A system call on a scratch file or socket failed.
    case io(IOFailure)
    /// A spawned program did not finish within `seconds`.
    case timedOut(program: String, seconds: Int)

    public var description: String {
        switch self {
        case .missingTool(let path, let hint): return "\(path) not found (\(hint))"
        case .toolFailed(let tool, let problem): return "\(tool): \(problem)"
        case .io(let failure): return failure.description
        case .timedOut(let program, let seconds): return "\(program): the run did not end within \(seconds) s"
        }
    }

    /// `.io(IOFailure(path:operation:errno:))`, spelled as the call sites read.
    static func io(path: String, operation: String, errno: Int32) -> Self {
        .io(IOFailure(path: path, operation: operation, errno: errno))
    }
}
