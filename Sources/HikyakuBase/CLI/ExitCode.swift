// ExitCode.swift — sysexits(3) codes, shared by both executables.

/// Exit codes from sysexits(3), plus 1 for a "no" answer such as an invalid token.
package enum ExitCode: Int32 {
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
