// ExitCode+Errors.swift — the one place errors become a sysexits code and a stderr line.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuDelivery
import HikyakuService

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
    case MessageViewError.notFound: return .noInput
    case is MessageViewError: return .dataError
    case SpoolError.notFound, SpoolError.missing, SpoolError.missingMaildir: return .noInput
    case SpoolError.badID: return .usage
    case SpoolError.exists: return .dataError
    case let error as SpoolError: return error.isTransient ? .temporaryFailure : .config
    case is JobError: return .dataError
    case is SMTPError: return .config
    case is TemplateError: return .dataError
    // An unsafe state directory or secret file: fix the setup, restarting will not help.
    case TokenError.unsafeState, TokenError.secretFile(_, .notRegularFile), TokenError.secretFile(_, .foreignOwner),
        TokenError.secretFile(_, .permissive):
        return .config
    case is TokenError: return .temporaryFailure
    case is ComposeError, is PreviewError: return .dataError
    case is InboundError: return .dataError
    case SuppressionError.badAddress, SuppressionError.badInput: return .usage
    case SuppressionError.unsafeState: return .config
    case SuppressionError.corruptEntry: return .dataError
    case is SuppressionError: return .temporaryFailure
    default: return .software
    }
}
