// ExitCode.swift — sysexits(3) codes, and the one place errors become an exit code and a stderr line.
import Foundation
import HikyakuCore

/// Exit codes from sysexits(3), plus 1 for a "no" answer such as an invalid token.
enum ExitCode: Int32 {
    case ok = 0
    case no = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case unavailable = 69
    case software = 70
    case ioError = 74
    case temporaryFailure = 75
    case config = 78
}

/// Prints one diagnostic line on stderr.
func complain(_ message: String) {
    FileHandle.standardError.write(Data("hikyaku: \(message)\n".utf8))
}

/// Maps any error a command lets escape to its sysexits code, printing one line.
func exitCode(for error: Error) -> ExitCode {
    complain(String(describing: error))
    switch error {
    case is UsageError: return .usage
    case is ConfigError: return .config
    case is OperatorInputError: return .noInput
    case SpoolError.notFound: return .noInput
    case SpoolError.badID: return .usage
    case SpoolError.exists: return .dataError
    case let error as SpoolError: return error.isTransient ? .temporaryFailure : .config
    case is JobError: return .dataError
    case is SMTPError: return .config
    case is TemplateError: return .dataError
    case is TokenError: return .temporaryFailure
    case is WorkerError: return .dataError
    default: return .software
    }
}
