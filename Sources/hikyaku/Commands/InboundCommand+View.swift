// InboundCommand+View.swift — `hikyaku inbound list` and `inbound show`: stored inbound mail for operators, redacted.
import Foundation
import HikyakuBase
import HikyakuService
import HikyakuSpool

extension InboundCommand {
    /// `inbound list [STATE] [--json] [--utc]`.
    static func list(_ arguments: Arguments) throws -> ExitCode {
        guard arguments.positionals.count <= 2 else { throw UsageError("inbound list takes at most one state") }
        var states = InboundInventory.listedStates
        if arguments.positionals.count == 2 {
            guard let state = InboundState(rawValue: arguments.positionals[1]), states.contains(state) else {
                throw UsageError("the state must be one of \(states.map(\.rawValue).joined(separator: ", "))")
            }
            states = [state]
        }
        let config = try loadConfig(arguments)
        let inventory = InboundInventory(inbound: try openOperatorSpool(config).inbound)
        let entries = try inventory.entries(in: states)
        print(
            arguments.flag("json")
                ? InboundInventory.listJSON(entries) : InboundInventory.listText(entries, zone: displayZone(arguments, config: config)))
        return .ok
    }

    /// `inbound show NAME [--json] [--utc]`.
    static func show(_ arguments: Arguments) throws -> ExitCode {
        guard arguments.positionals.count == 2 else { throw UsageError("inbound show takes one NAME (as inbound list prints it)") }
        let text = arguments.positionals[1]
        guard let name = InboundName(stem: text) ?? InboundName(fileName: text) else {
            throw UsageError("\(Sanitize.line(text)) is not an inbound message name (as inbound list prints it)")
        }
        let config = try loadConfig(arguments)
        let inventory = InboundInventory(inbound: try openOperatorSpool(config).inbound)
        guard let entry = inventory.entry(name) else { throw OperatorInputError("inbound message \(name.stem): not found") }
        print(arguments.flag("json") ? inventory.showJSON(entry) : inventory.showText(entry, zone: displayZone(arguments, config: config)))
        return .ok
    }
}
