// OTPCommand.swift — `hikyaku otp verify|unlock|status`: one-time codes and the administrator's unlock.
import Foundation
import HikyakuBase
import HikyakuService
import HikyakuTokens

enum OTPCommand: Command {
    static let name = "otp"
    static let summary = "verify a one-time code, show a login's OTP state, or unlock it"
    static let usage = """
        usage: hikyaku otp verify --login L --code C|-
               hikyaku otp status --login L
               hikyaku otp unlock --login L
          verify consumes the code on success. Wrong and expired codes count per login (malformed
          codes, and codes while none is active, do not); after otp_max_attempts the login is
          locked, its code is burnt, and every attempt is refused until an administrator runs unlock.
          Prints JSON. Exit 0 valid, 1 not valid, 64 usage, 75 temporary failure, 78 unsafe state.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["login", "code"], switches: [])
        guard let action = arguments.positionals.first, arguments.positionals.count == 1 else {
            throw UsageError("expected one of verify, status, unlock")
        }
        let config = try loadConfig(arguments)
        let login = try arguments.required("login")
        let store = try TokenStore.open(config: config)
        switch action {
        case "verify":
            let code = try readSecret(try arguments.required("code"))
            let verdict = try store.verifyOTP(loginID: login, code: code)
            print(verdict.json())
            return verdict.valid ? .ok : .no
        case "status":
            print(try store.otpStatus(loginID: login).json())
            return .ok
        case "unlock":
            let wasLocked = try store.unlockOTP(loginID: login)
            print("{\"unlocked\":true,\"was_locked\":\(wasLocked),\"login_id\":\(JSONText.quote(login))}")
            return .ok
        default:
            throw UsageError("unknown otp action \"\(Sanitize.line(action))\" (verify, status, unlock)")
        }
    }
}
