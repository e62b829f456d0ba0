// main.swift — hikyaku-bench's entry point: runs the benchmark and turns its result into an exit code.
import Foundation
import HikyakuBase
import HikyakuService

/// Prints one diagnostic line on stderr.
func complain(_ message: String) {
    FileHandle.standardError.write(Data("hikyaku-bench: \(message)\n".utf8))
}

/// Loads the config named by `--config` (or the usual fallbacks).
func loadConfig(_ arguments: Arguments) throws -> Config {
    try Config.load(explicit: arguments.value("config"))
}

let words = Array(CommandLine.arguments.dropFirst())
if words.contains("--help") || words.contains("-h") {
    print(BenchCommand.usage)
    exit(ExitCode.ok.rawValue)
}
do {
    exit(try BenchCommand.run(words).rawValue)
} catch let error as UsageError {
    complain(error.description)
    exit(ExitCode.usage.rawValue)
} catch let error as ConfigError {
    complain(error.description)
    exit(ExitCode.config.rawValue)
} catch {
    complain(String(describing: error))
    exit(ExitCode.software.rawValue)
}
