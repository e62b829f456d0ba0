// PreviewCommand.swift — `hikyaku preview`: what the worker would send, without touching spool or tokens.
import Foundation
import HikyakuCore

enum PreviewCommand: Command {
    static let name = "preview"
    static let summary = "render a job exactly as the worker would, with fake link and code"
    static let usage = """
        usage: hikyaku preview JOB.json [--locale ja|en|ja+en] [--format eml|text|html|headers]
          Renders through the worker's own code path without touching the spool or the token
          store: links carry the token PREVIEW-NOT-A-REAL-TOKEN and codes are 000000.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["locale", "format"], switches: [])
        let path = try arguments.positionals(exactly: 1, "one job file")[0]
        let config = try loadConfig(arguments)
        guard let data = FileManager.default.contents(atPath: path) else {
            complain("\(path): cannot read the file")
            return .noInput
        }
        var object = try JobParser.jsonObject(data)
        if let locale = arguments.value("locale") { object["locale"] = locale }
        let job = try JobParser.parse(object: object)
        let composer = MailComposer(config: config, library: try TemplateLibrary(directory: URL(fileURLWithPath: config.templates)))
        let mail = try composer.compose(job: job, id: "preview", stamp: "preview", date: Date(),
                                        secret: previewSecret(job, composer: composer, config: config))
        switch arguments.value("format") ?? "eml" {
        case "eml": FileHandle.standardOutput.write(Data(mail.bytes))
        case "text": print(mail.rendered.text, terminator: "")
        case "html": print(mail.rendered.html, terminator: "")
        case "headers":
            let text = String(decoding: mail.bytes, as: UTF8.self)
            let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
            print(head.replacingOccurrences(of: "\r\n", with: "\n"))
        default: throw UsageError("--format must be eml, text, html or headers")
        }
        return .ok
    }

    /// A visibly fake link or code, with the configured lifetime.
    static func previewSecret(_ job: Job, composer: MailComposer, config: Config) -> IssuedSecret {
        let lifetime = config.lifetime(job.kind.rawValue)
        let expiresAt = Date().addingTimeInterval(TimeInterval(lifetime))
        switch job.kind {
        case .passwordReset, .emailChange:
            return .link(url: composer.link(purpose: job.kind.rawValue, token: "PREVIEW-NOT-A-REAL-TOKEN"), expiresAt: expiresAt, lifetime: lifetime)
        case .otpCode: return .code("000000", expiresAt: expiresAt, lifetime: lifetime)
        default: return .none
        }
    }
}
