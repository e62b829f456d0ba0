// SuppressionCommand.swift — `hikyaku suppression list|show|add|remove|check|held|release|drop`: the suppression list.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuService
import HikyakuTokens

enum SuppressionCommand: Command {
    static let name = "suppression"
    static let summary = "list, show, add, remove or check suppressed addresses; release held ones"
    static let usage = """
        usage: hikyaku suppression list [--json]
               hikyaku suppression show EMAIL [--json]
               hikyaku suppression add EMAIL [--reason TEXT] [--days N]
               hikyaku suppression remove EMAIL
               hikyaku suppression check --email E [--kind K] [--json]
               hikyaku suppression held [--json]
               hikyaku suppression release DOMAIN | drop DOMAIN
          The addresses mail must not go to (<state>/suppression/): hard bounces (30 days, doubling
          on each repeat up to a year), complaints (notices only), repeated soft failures (a day),
          operators' additions (--days, default 365). list and held mask addresses; show names the
          one asked for. remove deletes an entry and its history (then replay the jobs it failed
          by name). check answers for the web tier: exit 0 and `sendable`, or exit 1 and
          `suppressed: <reason> (<status>) since … until …` (--kind: a notice kind is also stopped
          by a complaint). held lists what the circuit breaker holds (many addresses of one domain
          bounced at once); release DOMAIN lets them suppress, drop DOMAIN deletes them.
          Exit 64 usage or a bad address, 65 a damaged entry, 66 no such entry, 75 temporary
          failure, 78 unsafe state. See docs/operations.md.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["email", "kind", "reason", "days"], switches: ["json"])
        guard let action = arguments.positionals.first else {
            throw UsageError("expected one of list, show, add, remove, check, held, release, drop")
        }
        let config = try loadConfig(arguments)
        let json = arguments.flag("json")
        let now = Date()
        switch action {
        case "list", "held":
            _ = try arguments.positionals(exactly: 1, "no arguments after \(action)")
            let list = try SuppressionList.open(config: config)
            let entries = action == "held" ? try list.held() : try list.entries()
            print(json ? SuppressionFormat.listJSON(entries, now: now) : SuppressionFormat.listText(entries, now: now))
        case "show":
            let address = try operand(arguments, "an EMAIL")
            guard let entry = try SuppressionList.open(config: config).entry(address: address) else {
                throw OperatorInputError("\(RecipientMask.mask(address)) is not on the suppression list")
            }
            print(json ? SuppressionFormat.showJSON(entry, now: now) : SuppressionFormat.showText(entry, now: now))
        case "add":
            let address = try operand(arguments, "an EMAIL")
            let days = try arguments.value("days").map { text throws(UsageError) -> Int in
                guard let days = Int(text) else { throw UsageError("--days \(Sanitize.line(text)): expected a number of days") }
                return days
            }
            let event = SuppressionEvent.operatorAdd(
                address: address, reason: arguments.value("reason") ?? "added by an operator", days: days, at: now)
            guard case .suppressed(let entry) = try SuppressionList.open(config: config).record(event) else { return .software }
            print("suppressed \(RecipientMask.mask(entry.address)) until \(entry.expires.map { Timestamp.iso8601($0) } ?? "-")")
        case "remove":
            let address = try operand(arguments, "an EMAIL")
            let list = try SuppressionList.open(config: config)
            let existed = try list.entry(address: address) != nil
            guard try list.remove(address: address) != nil || existed else {
                throw OperatorInputError("\(RecipientMask.mask(address)) is not on the suppression list")
            }
            print("removed \(RecipientMask.mask(address)) from the suppression list")
        case "check":
            _ = try arguments.positionals(exactly: 1, "no arguments after check (--email E)")
            let address = try arguments.required("email")
            let notice = try arguments.kind().flatMap { MailCatalogue.standard.kind(named: $0) }?.isNotice ?? false
            let entry = try SuppressionList.open(config: config).check(address: address, notice: notice)
            print(SuppressionFormat.check(entry, json: json))
            return entry == nil ? .ok : .no
        case "release", "drop":
            let domain = try operand(arguments, "a DOMAIN")
            let list = try SuppressionList.open(config: config)
            let settled = action == "release" ? try list.release(domain: domain) : try list.drop(domain: domain)
            print(
                "\(action == "release" ? "released" : "dropped") \(settled.count) held entr\(settled.count == 1 ? "y" : "ies") of \(domain)"
            )
        default:
            throw UsageError(
                "unknown suppression action \"\(Sanitize.line(action))\" (list, show, add, remove, check, held, release, drop)")
        }
        return .ok
    }

    /// The one operand after the action.
    private static func operand(_ arguments: Arguments, _ what: String) throws(UsageError) -> String {
        guard arguments.positionals.count == 2 else { throw UsageError("\(arguments.positionals[0]) takes \(what)") }
        return arguments.positionals[1]
    }
}
