// Dispatcher.swift — the command table, top-level help and version.
import Foundation
import HikyakuService
import HikyakuBase

/// One subcommand: parses its words, calls the library, prints, and returns an exit code.
protocol Command: SendableMetatype {
    static var name: String { get }
    static var summary: String { get }
    static var usage: String { get }
    static func run(_ words: [String]) throws -> ExitCode
}

enum Dispatcher {
    static let version = "hikyaku 0.1.0"

    static let commands: [any Command.Type] = [
        InitCommand.self, EnqueueCommand.self, RunCommand.self, TokenCommand.self, OTPCommand.self,
        PreviewCommand.self, TemplatesCommand.self, InboundCommand.self, SuppressionCommand.self,
        StatusCommand.self, ListCommand.self, EventsCommand.self, ShowCommand.self, ReplayCommand.self, FlushCommand.self,
        HoldCommand.self, ReleaseCommand.self, DeleteCommand.self, PurgeCommand.self,
    ]

    static func run(_ words: [String]) -> ExitCode {
        guard let first = words.first else {
            print(help)
            return .usage
        }
        switch first {
        case "--version", "version":
            print(version)
            return .ok
        case "--help", "-h", "help":
            print(help)
            return .ok
        default:
            break
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            complain("unknown command \"\(Sanitize.line(first))\" (see hikyaku --help)")
            return .usage
        }
        let rest = Array(words.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            print(command.usage)
            return .ok
        }
        do {
            return try command.run(rest)
        } catch {
            return exitCode(for: error)
        }
    }

    static var help: String {
        var lines = ["usage: hikyaku <command> [options] [arguments]", "", "commands:"]
        // The names in one column, two spaces past the longest (`suppression`).
        let width = max(10, (commands.map { $0.name.count }.max() ?? 0) + 2)
        for command in commands {
            lines.append("  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + command.summary)
        }
        lines += [
            "", "Every command takes --config FILE (else $HIKYAKU_CONFIG, else ./hikyaku.json, else defaults)",
            "and --spool DIR. `hikyaku <command> --help` describes one command. `hikyaku --version`.",
        ]
        return lines.joined(separator: "\n")
    }
}

/// Loads the config named by `--config` (or the usual fallbacks) and applies `--spool`.
func loadConfig(_ arguments: Arguments) throws -> Config {
    var config = try Config.load(explicit: arguments.value("config"))
    if let spool = arguments.value("spool") { config.spool = spool }
    return config
}
