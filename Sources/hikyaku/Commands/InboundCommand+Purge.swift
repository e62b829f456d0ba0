// InboundCommand+Purge.swift — `hikyaku inbound purge`: old returned messages deleted, as `purge` does for records.
import Foundation
import HikyakuBase
import HikyakuService
import HikyakuSpool

extension InboundCommand {
    /// `inbound purge --older-than SPAN [--state done|other|quarantine] [--dry-run] [--json]`.
    static func purge(_ arguments: Arguments) throws -> ExitCode {
        guard arguments.positionals.count == 1 else { throw UsageError("inbound purge takes no arguments but its options") }
        let span = try arguments.required("older-than")
        guard let age = TimeSpan.seconds(span) else {
            throw UsageError("--older-than \(Sanitize.line(span)): expected a span such as 30d, 12w")
        }
        var states: [InboundState] = [.done, .other]
        if let named = arguments.value("state") {
            guard let state = InboundState(rawValue: named), InboundSpool.purgeableStates.contains(state) else {
                throw UsageError("--state must be one of \(InboundSpool.purgeableStates.map(\.rawValue).joined(separator: ", "))")
            }
            states = [state]
        }
        let inbound = try openOperatorSpool(try loadConfig(arguments)).inbound
        let cutoff = Date().addingTimeInterval(-TimeInterval(age))
        var removed: [String: JSONValue] = [:]
        var lines: [String] = []
        for state in states {
            let names = try inbound.purgeable(in: state, before: cutoff)
            let count = arguments.flag("dry-run") ? names.count : try inbound.remove(names, in: state)
            removed[state.rawValue] = .int(count)
            if arguments.flag("dry-run") { lines += names.map { "\(state.rawValue)/\($0.stem)" } }
            lines.append("\(arguments.flag("dry-run") ? "would purge" : "purged") \(count) from inbound/\(state.rawValue)/")
        }
        print(
            arguments.flag("json")
                ? OperatorFormat.json(["purged": .object(removed), "dry_run": .bool(arguments.flag("dry-run"))])
                : lines.joined(separator: "\n"))
        return .ok
    }
}
