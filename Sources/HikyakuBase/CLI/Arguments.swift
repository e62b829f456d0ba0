// Arguments.swift — parses `<command> [options] [arguments]`, options and arguments in any order (both executables).
import Foundation

/// A command-line mistake: exit 64 with a one-line message.
package struct UsageError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// Parsed options, flags and positional arguments of one command.
package struct Arguments {
    package private(set) var values: [String: String] = [:]
    package private(set) var flags: Set<String> = []
    package private(set) var positionals: [String] = []

    /// Parses `words`; `valued` options take a value (`--x V` or `--x=V`), `switches` take none.
    /// `--config` and `--spool` are accepted by every command; `--help` is always a switch.
    package init(_ words: [String], valued: Set<String>, switches: Set<String>) throws(UsageError) {
        let valued = valued.union(["config", "spool"])
        let switches = switches.union(["help"])
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || !word.hasPrefix("--") || word == "-" {
                if word.hasPrefix("-") && word != "-" && !onlyPositionals && word != "-h" { throw UsageError("unknown option \(word)") }
                if word == "-h" { flags.insert("help"); continue }
                positionals.append(word)
                continue
            }
            if word == "--" { onlyPositionals = true; continue }
            var name = String(word.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if switches.contains(name) {
                guard value == nil else { throw UsageError("option --\(name) takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                if value == nil {
                    guard index < words.count else { throw UsageError("option --\(name) needs a value") }
                    value = words[index]
                    index += 1
                }
                values[name] = value
            } else {
                throw UsageError("unknown option --\(name) (see --help)")
            }
        }
    }

    package func value(_ name: String) -> String? { values[name] }
    package func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A required option's value.
    package func required(_ name: String) throws(UsageError) -> String {
        guard let value = values[name], !value.isEmpty else { throw UsageError("missing required option --\(name)") }
        return value
    }

    /// Exactly `count` positional arguments, named in the message when wrong.
    package func positionals(exactly count: Int, _ what: String) throws(UsageError) -> [String] {
        guard positionals.count == count else { throw UsageError("expected \(what)") }
        return positionals
    }
}
