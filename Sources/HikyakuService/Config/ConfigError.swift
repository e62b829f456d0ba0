// ConfigError.swift — what can be wrong with a config file, one line each.
import Foundation

/// A config file that cannot be used.
public enum ConfigError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read.
    case unreadable(path: String)
    /// The file is not JSON.
    case notJSON(path: String)
    /// A key hikyaku does not know (typos are errors, not silently ignored).
    case unknownKey(path: String, key: String)
    /// A key whose value has the wrong JSON type.
    case wrongType(path: String, key: String, expected: String)
    /// A key whose value is out of range or malformed.
    case invalid(path: String, key: String, problem: String)
    /// The templates `directory` do not pass `templates check`: every problem, one line each.
    case templates(directory: String, problems: [String])

    public var description: String {
        switch self {
        case .unreadable(let path): return "config \(path): cannot read the file (check the path and permissions)"
        case .notJSON(let path): return "config \(path): not valid JSON"
        case .unknownKey(let path, let key):
            return "config \(path): unknown key \"\(key)\" (see the config reference in docs/operations.md)"
        case .wrongType(let path, let key, let expected): return "config \(path): \"\(key)\" must be \(expected)"
        case .invalid(let path, let key, let problem): return "config \(path): \"\(key)\": \(problem)"
        case .templates(let directory, let problems):
            let more = problems.count > 1 ? " and \(problems.count - 1) more" : ""
            return "templates \(directory): \(problems.first ?? "unusable")\(more) (run hikyaku templates check)"
        }
    }
}
