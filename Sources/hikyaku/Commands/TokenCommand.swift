// TokenCommand.swift — `hikyaku token peek|consume|revoke|sweep`: the web tier's link checks.
import Foundation
import HikyakuBase
import HikyakuService
import HikyakuTokens

enum TokenCommand: Command {
    static let name = "token"
    static let summary = "peek at, consume, revoke or sweep link tokens"
    static let usage = """
        usage: hikyaku token peek    --token T|- [--login L --email E] [--purpose P]
               hikyaku token consume --token T|- --login L --email E [--purpose P]
               hikyaku token revoke  --login L [--purpose \(LinkPurpose.allCases.map(\.rawValue).joined(separator: "|"))]
               hikyaku token sweep   [--older-than SPAN]
          peek answers whether the token is valid and changes nothing (for the GET that mail
          scanners also fetch); with the token alone it answers whether to show the form (valid,
          or expired, used, superseded, revoked, unknown; purpose, expiry) and never names the
          login; consume (login and address required) uses it up (for the user's POST): of any number of
          concurrent consumes exactly one succeeds. --token - reads the token from stdin.
          sweep deletes records that expired or were used, revoked or superseded more than
          SECONDS ago (default 86400; the worker also sweeps at start and hourly); a link a job
          could still retry leaves a tombstone in ended/ until a day after its expiry.
          Prints JSON. Exit 0 valid, 1 not valid, 64 usage, 75 temporary failure, 78 unsafe state.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["token", "login", "email", "purpose", "older-than"], switches: [])
        guard let action = arguments.positionals.first, arguments.positionals.count == 1 else {
            throw UsageError("expected one of peek, consume, revoke, sweep")
        }
        let config = try loadConfig(arguments)
        switch action {
        case "peek", "consume":
            let token = try readSecret(try arguments.required("token"))
            let purpose = try linkPurpose(arguments)
            if action == "peek" && arguments.value("login") == nil && arguments.value("email") == nil {
                // The click handler's GET knows only the token.
                let verdict = try TokenStore.open(config: config).peek(token: token, purpose: purpose)
                print(verdict.json())
                return verdict.valid ? .ok : .no
            }
            let login = try arguments.required("login"), email = try arguments.required("email")
            let store = try TokenStore.open(config: config)
            let verdict =
                action == "peek"
                ? try store.peek(token: token, loginID: login, email: email, purpose: purpose)
                : try store.consume(token: token, loginID: login, email: email, purpose: purpose)
            print(verdict.json())
            return verdict.valid ? .ok : .no
        case "revoke":
            let login = try arguments.required("login")
            let count = try TokenStore.open(config: config).revoke(loginID: login, purpose: try linkPurpose(arguments))
            print("{\"revoked\":\(count)}")
            return .ok
        case "sweep":
            var grace = TokenStore.defaultSweepGrace
            if let text = arguments.value("older-than") {
                // One span syntax for every --older-than (90s, 30m, 2h, 7d, 1w); bare seconds still work.
                guard let seconds = Int(text).map(TimeInterval.init) ?? TimeSpan.seconds(text), seconds >= 0 else {
                    throw UsageError("--older-than \(Sanitize.line(text)): expected a span such as 90s, 30m, 2h, 7d, 1w")
                }
                grace = seconds
            }
            let count = try TokenStore.open(config: config).sweep(olderThan: grace)
            print("{\"swept\":\(count)}")
            return .ok
        default:
            throw UsageError("unknown token action \"\(Sanitize.line(action))\" (peek, consume, revoke, sweep)")
        }
    }
}

/// The value of a secret-carrying option: itself, or stdin's first line for `-`.
func readSecret(_ value: String) throws -> String {
    guard value == "-" else { return value }
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard let text = String(data: data, encoding: .utf8) else { throw UsageError("stdin is not UTF-8") }
    let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !secret.isEmpty else { throw UsageError("nothing on stdin for -") }
    return secret
}

/// `--purpose` as a link purpose (nil when absent); with it, a link of the other purpose is refused.
func linkPurpose(_ arguments: Arguments) throws -> LinkPurpose? {
    guard let name = arguments.value("purpose") else { return nil }
    guard let purpose = LinkPurpose(rawValue: name) else {
        let names = LinkPurpose.allCases.map(\.rawValue)
        throw UsageError("--purpose must be \(names.dropLast().joined(separator: ", ")) or \(names[names.count - 1])")
    }
    return purpose
}
