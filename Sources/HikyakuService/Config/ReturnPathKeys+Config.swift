// ReturnPathKeys+Config.swift — the VERP tag keys a config's server secrets give, read without creating or changing anything.
import Foundation
import HikyakuBase
import HikyakuTokens

extension ReturnPathKeys {
    /// The keys of `config`: the current one from the server secret (`secret_file`, default
    /// `<state>/secret`), and the one of `return_path_previous_secret_file` when that file exists.
    /// Nil when the server secret does not exist (nothing was ever sent: no tag can verify).
    /// Only reads the secret files, checked as the token store checks them (throws
    /// `secretFile`, `unsafeState` or `io` for an unsafe or unreadable one); never creates one.
    package static func load(config: Config) throws(TokenError) -> ReturnPathKeys? {
        let current = try ServerSecret.existing(path: config.resolvedSecretFile, stateDirectory: config.state, sharedGroup: config.webGroup)
        guard let current else { return nil }
        var previous: [ReturnPathKey] = []
        if let path = config.returnPathPreviousSecretFile,
            let old = try ServerSecret.existing(path: path, stateDirectory: config.state, sharedGroup: config.webGroup)
        {
            previous.append(ReturnPathKey(secret: old))
        }
        return ReturnPathKeys(current: ReturnPathKey(secret: current), previous: previous)
    }
}
