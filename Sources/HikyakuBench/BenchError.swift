// BenchError.swift — why a benchmark run could not produce figures, one line each.
import Foundation
import HikyakuBase

/// A benchmark step that failed. Nothing outside the bench's own temporary directory is touched.
public enum BenchError: Error, CustomStringConvertible {
    /// A program the bench drives is missing (smtp-sink, smtp-source, python3).
    case missingTool(path: String, hint: String)
    /// A helper process could not be started or did not come up.
    case toolFailed(tool: String, problem: String)
    /// A system call on the bench's scratch files or sockets failed.
    case io(IOFailure)
    /// The worker did not deliver every job, so the figures would be meaningless.
    case incomplete(scenario: String, expected: Int, sent: Int, deferred: Int, failed: Int)
    /// `--peer postfix` was asked for, but Postfix cannot run here (not installed, not root).
    case peerUnavailable(reason: String)
    /// A job was not delivered in time (the idle-latency and consume scenarios wait per job).
    case timedOut(scenario: String, what: String, seconds: Int)

    public var description: String {
        switch self {
        case .missingTool(let path, let hint):
            return "bench: \(path) not found (\(hint))"
        case .toolFailed(let tool, let problem):
            return "bench: \(tool): \(problem)"
        case .io(let failure):
            return "bench: \(failure)"
        case .incomplete(let scenario, let expected, let sent, let deferred, let failed):
            return "bench \(scenario): only \(sent) of \(expected) jobs sent (\(deferred) deferred, \(failed) failed; see the worker log)"
        case .peerUnavailable(let reason):
            return "bench: the postfix peer cannot run here: \(reason) (--peer none skips it)"
        case .timedOut(let scenario, let what, let seconds):
            return "bench \(scenario): \(what) did not happen within \(seconds) s"
        }
    }

    /// `.io(IOFailure(path:operation:errno:))`, spelled as the call sites read.
    public static func io(path: String, operation: String, errno: Int32) -> Self {
        .io(IOFailure(path: path, operation: operation, errno: errno))
    }
}
