// main.swift — hikyaku's entry point: picks the subcommand and turns its result into an exit code.
import Foundation
import HikyakuCore

setvbuf(stdout, nil, _IOLBF, 0)
exit(Dispatcher.run(Array(CommandLine.arguments.dropFirst())).rawValue)
