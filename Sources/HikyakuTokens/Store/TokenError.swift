// TokenError.swift — everything that can go wrong in Tokens/, as data; never carries a secret.
import HikyakuBase
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures of the server secret and the token store. Cases carry paths and numbers only:
/// no case ever holds a token, an OTP code, a seed or secret bytes, so `description` is safe
/// to log. A malformed token is not an error: it verifies as `unknown`.
public enum TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed (`operation` is the call, e.g. "rename").
    case io(IOFailure)
    /// A state file exists but is not a record this version understands; it is left in place.
    case corruptRecord(path: String, problem: String)
    /// The server secret file cannot be used as it is.
    case secretFile(path: String, problem: SecretFileProblem)
    /// A seed passed to issue/revoke is not `ServerSecret.seedByteCount` bytes long.
    case badSeed(byteCount: Int)
    /// An issue call was given unusable input (`field` names it, e.g. "emails", "lifetime").
    case badInput(field: String, problem: String)
    /// A directory of the state is unsafe to use: not a directory, another user's, or writable
    /// by group or other users (who could then delete an OTP record to lift a lock). A
    /// configuration problem, not a temporary one: `problem` says the fix.
    case unsafeState(path: String, problem: String)

    /// Why a secret file was refused.
    public enum SecretFileProblem: Sendable, Equatable {
        /// The file does not exist and creation was not allowed.
        case missing
        /// Not a regular file (a directory, a device, a symbolic link…).
        case notRegularFile
        /// Group or other users have some permission bits; `mode` is the permission part.
        case permissive(mode: UInt32)
        /// Owned by another user (`uid`), who could replace the secret.
        case foreignOwner(uid: UInt32)
        /// Shorter than the 32 bytes required.
        case tooShort(byteCount: Int)
        /// Implausibly large (more than 4096 bytes).
        case tooLarge(byteCount: Int)
    }

    /// One line an operator can act on: *subject: problem (hint)*.
    public var description: String {
        switch self {
        case let .io(failure):
            return "\(failure) (errno \(failure.errno))"
        case let .corruptRecord(path, problem):
            return "\(path): corrupt token record: \(problem) (left in place; inspect or remove it)"
        case let .secretFile(path, problem):
            return "secret file \(path): \(problem.text)"
        case let .badSeed(count):
            return "token seed: \(count) bytes (need exactly \(ServerSecret.seedByteCount); the job record is damaged)"
        case let .badInput(field, problem):
            return "token issue: \(field): \(problem)"
        case let .unsafeState(path, problem):
            return "token state \(path): \(problem)"
        }
    }

    /// `.io(IOFailure(path:operation:errno:))`, spelled as the call sites read.
    static func io(path: String, operation: String, errno: Int32) -> Self {
        .io(IOFailure(path: path, operation: operation, errno: errno))
    }

    /// A durable-file step's failure as a token error: a failed call is `io`; an entry refused
    /// as not a plain file (no step the store uses refuses one today) is a `corruptRecord` left in place.
    init(_ failure: FileFailure) {
        switch failure {
        case .io(let failure): self = .io(failure)
        case .hostile(let path, let problem): self = .corruptRecord(path: path, problem: problem)
        }
    }
}

/// Runs a durable-file step (`Files`), reporting its failure as a `TokenError`.
@inline(__always)
func tokenIO<T>(_ step: @autoclosure () throws(FileFailure) -> T) throws(TokenError) -> T {
    do { return try step() } catch { throw TokenError(error) }
}

extension TokenError.SecretFileProblem {
    /// The problem and its fix, as a phrase.
    var text: String {
        switch self {
        case .missing:
            return "does not exist (create it, or let hikyaku create it on first start)"
        case .notRegularFile:
            return "is not a regular file (point secret_file at a plain file)"
        case let .permissive(mode):
            return "mode \(String(mode, radix: 8)) lets group/other users in (chmod 600 it)"
        case let .foreignOwner(uid):
            return "owned by uid \(uid), not by this user (uid \(geteuid())) (chown it to the user hikyaku runs as)"
        case let .tooShort(count):
            return "only \(count) bytes (need at least \(ServerSecret.minimumByteCount) random bytes)"
        case let .tooLarge(count):
            return "\(count) bytes is too large for a secret (at most \(ServerSecret.maximumByteCount))"
        }
    }
}
