// InitCommand.swift — `hikyaku init`: creates the spool and the token state a config names.
import Foundation
import HikyakuBase
import HikyakuService
import HikyakuSpool
import HikyakuTokens

enum InitCommand: Command {
    static let name = "init"
    static let summary = "create the spool and the token state (with its server secret) the config names"
    static let usage = """
        usage: hikyaku init [--config FILE] [--spool DIR]
          Creates the spool's state directories (0700) and the token state directory with its
          server secret (0600, 32 random bytes) and its suppression list where missing, checks that both belong to this user
          and are writable by nobody else, and prints their paths. Safe to run again: it never
          changes what exists. `hikyaku run` does the same at start; `enqueue` never creates a spool.
          With `web_group` in the config it creates the two-user layout instead (run it as the
          worker's user, a member of that group): see "Two users" in docs/operations.md.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: [], switches: [])
        _ = try arguments.positionals(exactly: 0, "no arguments")
        let config = try loadConfig(arguments)
        try DirectorySpool(config: config).prepare()
        _ = try TokenStore.open(config: config)
        _ = try SuppressionList.open(config: config)
        print("spool \(config.spool): ready")
        print("token state \(config.state): ready")
        return .ok
    }
}
