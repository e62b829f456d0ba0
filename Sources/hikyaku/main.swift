// main.swift — hikyaku's entry point: picks the subcommand and turns its result into an exit code.
import Foundation

exit(Dispatcher.run(Array(CommandLine.arguments.dropFirst())).rawValue)
