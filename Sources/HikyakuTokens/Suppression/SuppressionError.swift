// SuppressionError.swift — everything that can go wrong with the suppression list, as data, one line each.
import HikyakuBase

/// Failures of the suppression list. `description` is one line an operator can act on:
/// *subject: problem (hint)*. Addresses in it are masked (`RecipientMask`).
public enum SuppressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed.
    case io(IOFailure)
    /// A directory of the state is unsafe (another user's, writable by others, not a directory):
    /// a configuration problem; `problem` says the fix.
    case unsafeState(path: String, problem: String)
    /// An entry file exists but is not one this version reads; left in place.
    case corruptEntry(path: String, problem: String)
    /// Not an address the list can key: `problem` says why.
    case badAddress(String, problem: String)
    /// An argument out of range (`field` names it, e.g. "days").
    case badInput(field: String, problem: String)

    public var description: String {
        switch self {
        case .io(let failure):
            return "suppression list: \(failure) (errno \(failure.errno))"
        case .unsafeState(let path, let problem):
            return "suppression state \(path): \(problem)"
        case .corruptEntry(let path, let problem):
            return "\(path): corrupt suppression entry: \(problem) (left in place; inspect it, or remove the address)"
        case .badAddress(let address, let problem):
            return "address \(RecipientMask.mask(address)): \(problem)"
        case .badInput(let field, let problem):
            return "suppression: \(field): \(problem)"
        }
    }

    /// A durable-file step's failure: `io`, or an entry refused as not a plain file (`corruptEntry`).
    init(_ failure: FileFailure) {
        switch failure {
        case .io(let failure): self = .io(failure)
        case .hostile(let path, let problem): self = .corruptEntry(path: path, problem: problem)
        }
    }

    /// The token state's own refusal, from checking the state directory the list lives in.
    init(_ error: TokenError) {
        switch error {
        case .io(let failure): self = .io(failure)
        case .unsafeState(let path, let problem): self = .unsafeState(path: path, problem: problem)
        case .corruptRecord(let path, let problem): self = .corruptEntry(path: path, problem: problem)
        default: self = .unsafeState(path: "", problem: error.description)
        }
    }
}

/// Runs a durable-file step (`Files`), reporting its failure as a `SuppressionError`.
@inline(__always)
func suppressionIO<T>(_ step: @autoclosure () throws(FileFailure) -> T) throws(SuppressionError) -> T {
    do { return try step() } catch { throw SuppressionError(error) }
}
