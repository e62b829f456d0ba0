// OperatorSupport.swift — what the operator's subcommands share: opening the spool, options, exit codes, progress.
import Foundation
import HikyakuBase
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import HikyakuService

/// The spool named by the config, checked: it must exist (exit 66 otherwise, rather than
/// creating an empty one at a mistyped path), and be safe to use (missing state directories are created).
func openOperatorSpool(_ config: Config) throws -> DirectorySpool {
    var info = stat()
    guard lstat(config.spool, &info) == 0 else {
        throw OperatorInputError("spool \(config.spool) does not exist (check --spool or the config)")
    }
    let spool = DirectorySpool(config: config)
    try spool.prepare()
    return spool
}

/// The token store when a server secret exists; nil when there is none yet (nothing was ever
/// issued). Any other problem with the secret or the state directory is thrown.
func openExistingTokenStore(_ config: Config) throws -> TokenStore? {
    try TokenStore.openExisting(config: config)
}

/// The zone `list`, `show` and `status` print times in for people: the config's `time_zone`,
/// or UTC with `--utc`.
func displayZone(_ arguments: Arguments, config: Config) -> DisplayZone {
    arguments.flag("utc") ? .utc : DisplayZone(identifier: config.timeZone)
}

/// Input that names nothing in the spool: exit 66 (EX_NOINPUT).
struct OperatorInputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Arguments {
    /// `--kind`, checked against the kinds of `MailCatalogue.standard`.
    func kind() throws(UsageError) -> String? {
        guard let kind = value("kind") else { return nil }
        guard MailCatalogue.standard.kind(named: kind) != nil else {
            throw UsageError("--kind must be one of \(MailCatalogue.standard.names.joined(separator: ", "))")
        }
        return kind
    }

    /// `--since`: RFC 3339, or a span back from now such as `2h` or `7d`.
    func since(now: Date) throws(UsageError) -> Date? {
        guard let text = value("since") else { return nil }
        guard let date = TimeSpan.since(text, now: now) else {
            throw UsageError("--since \(Sanitize.line(text)): expected an RFC 3339 time or a span such as 90s, 30m, 2h, 7d, 1w")
        }
        return date
    }

    /// A state name given as `what`, one of `allowed`.
    func state(_ text: String, allowed: [SpoolState], what: String) throws(UsageError) -> SpoolState {
        guard let state = SpoolState(rawValue: text), allowed.contains(state) else {
            throw UsageError("\(what) must be one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return state
    }
}

/// The exit code of one job's action: 66 missing, 65 refused, 64 needs --force, 75 busy or an error.
func exitCode(for action: JobAction) -> ExitCode {
    switch action {
    case .done, .unchanged: return .ok
    case .missing: return .noInput
    case .refused: return .dataError
    case .needsForce: return .usage
    case .busy, .error: return .temporaryFailure
    }
}

/// Prints what a batch did (`--json`: one document; else a line per job that was not done on
/// stderr and the summary on stdout) and returns the exit code of the first job that failed.
/// In a bulk run (`ignoreMissing`), a job that moved on meanwhile is not a failure.
func report(verb: String, _ results: [(id: String, action: JobAction)], json: Bool, ignoreMissing: Bool) -> ExitCode {
    if json {
        print(OperatorFormat.actionsJSON(verb: verb, results))
    } else {
        for result in results {
            if case .done = result.action { continue }
            complain("\(result.id): \(result.action.text(verb: verb))")
        }
        print(OperatorFormat.summary(verb: verb, results))
    }
    for result in results where !result.action.isSuccess {
        if ignoreMissing && result.action == .missing { continue }
        return exitCode(for: result.action)
    }
    return .ok
}

/// A `\r` counter on stderr while a bulk command works, when stderr is a terminal.
func terminalProgress(_ verb: String) -> ((Int, Int) -> Void)? {
    guard isatty(STDERR_FILENO) == 1 else { return nil }
    return { done, total in
        FileHandle.standardError.write(Data("\r\(verb) \(done)/\(total)\(done == total ? "\n" : "")".utf8))
    }
}

/// `--dry-run`: the ids a bulk command would take, one per line (or one JSON object), nothing changed.
func dryRun(_ ids: [String], json: Bool) -> ExitCode {
    if json {
        print("{\"would\":[\(ids.map { "\"\($0)\"" }.joined(separator: ","))]}")
    } else if !ids.isEmpty {
        print(ids.joined(separator: "\n"))
    }
    return .ok
}

/// The ids a bulk `hold`/`release` names: the positional ids, or `--state` narrowed by `--kind`
/// and `--since` (not both).
func bulkTargets(_ arguments: Arguments, operations: Operations, allowed: [SpoolState]) throws -> [String] {
    let ids = arguments.positionals
    guard let name = arguments.value("state") else {
        guard !ids.isEmpty else { throw UsageError("expected job ids or --state (see --help)") }
        guard arguments.value("kind") == nil && arguments.value("since") == nil else {
            throw UsageError("--kind and --since go with --state")
        }
        return ids
    }
    guard ids.isEmpty else { throw UsageError("give job ids or --state, not both (see --help)") }
    let state = try arguments.state(name, allowed: allowed, what: "--state")
    let selection = Operations.Selection(state: state, kind: try arguments.kind(), since: try arguments.since(now: Date()))
    return try operations.select(selection, keepingEndedOnPurpose: true)
}
