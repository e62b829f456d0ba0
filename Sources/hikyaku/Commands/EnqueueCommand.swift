// EnqueueCommand.swift — `hikyaku enqueue`: validate a job and hand it to the spool (tmp/ → new/).
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuSpool

enum EnqueueCommand: Command {
    static let name = "enqueue"
    static let summary = "validate a job file (or - for stdin) and hand it to the spool"
    static let usage = """
        usage: hikyaku enqueue [--spool DIR] [--id ID] FILE|-
          Validates the job, writes it to tmp/, fsyncs, renames it into new/, and prints the job id.
          The id is --id, else the file name's stem when it is a valid id, else a generated one.
          The same job again under the same id is an idempotent retry: exit 0, "already queued" and
          its state on stderr, nothing written. Exit 65 when the job is invalid or the id holds a
          different job (nothing is written), 66 when the spool does not exist (enqueue never
          creates one: hikyaku init or the worker does), 75 when the spool cannot be written.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["id"], switches: [])
        let source = try arguments.positionals(exactly: 1, "one job file, or - for stdin")[0]
        let config = try loadConfig(arguments)
        let data: Data
        if source == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: source) else {
                complain("\(source): cannot read the file")
                return .noInput
            }
            data = contents
        }
        do {
            _ = try JobParser.parse(data)
        } catch {
            complain("\(source == "-" ? "stdin" : source): \(error.description)")
            return .dataError
        }
        let stem = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        let id = arguments.value("id") ?? (source != "-" && JobID.isValid(stem) ? stem : JobID.generate())
        let spool = DirectorySpool(config: config)
        do {
            try spool.verifyHandOff()
        } catch {
            guard case .missing(let path) = error else { throw error }
            // A spool made here would never be seen by the worker: name what was looked at.
            let origin = config.origin ?? "built-in defaults"
            complain(
                "spool \(path) does not exist (config: \(origin); run hikyaku init, or point --config or --spool at the worker's spool)")
            return .noInput
        }
        if let state = try spool.enqueue(id: id, data: data) {
            // The same job under the same id: a retry of a hand-off whose answer was lost.
            complain("job \(id): already queued (in \(state.rawValue)/); nothing written")
        }
        print(id)
        return .ok
    }
}
