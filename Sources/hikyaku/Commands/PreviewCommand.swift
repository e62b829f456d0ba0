// PreviewCommand.swift — `hikyaku preview`: what the worker would send, without touching spool or tokens.
import Foundation
import HikyakuMail
import HikyakuService
import HikyakuBase

enum PreviewCommand: Command {
    static let name = "preview"
    static let summary = "render a job exactly as the worker would (fake link and code), or a gallery of all"
    static let usage = """
        usage: hikyaku preview JOB.json [--locale ja|en|ja+en] [--format eml|text|html|headers]
               hikyaku preview --gallery DIR [--jobs DIR]
          Renders through the worker's own code path without touching the spool or the token
          store: links carry the token PREVIEW-NOT-A-REAL-TOKEN and codes are 000000. A character
          the configured charset (e.g. ISO-2022-JP) cannot carry is reported on stderr with the
          variable or template file:line:column it comes from; the mail falls back to UTF-8.
          --gallery writes DIR/index.html (and one .eml per job): every job in --jobs (default
          fixtures/jobs) with its decoded headers, text part and HTML part side by side.
        """

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, valued: ["locale", "format", "gallery", "jobs"], switches: [])
        let config = try loadConfig(arguments)
        let composer = MailComposer(config: config, library: try TemplateLibrary(directory: URL(fileURLWithPath: config.templates)))
        if let gallery = arguments.value("gallery") {
            _ = try arguments.positionals(exactly: 0, "no job file with --gallery")
            guard arguments.value("locale") == nil, arguments.value("format") == nil else {
                throw UsageError("--locale and --format apply to one job, not to --gallery")
            }
            return try writeGallery(to: gallery, jobs: arguments.value("jobs") ?? "fixtures/jobs", composer: composer)
        }
        guard arguments.value("jobs") == nil else { throw UsageError("--jobs goes with --gallery") }
        let path = try arguments.positionals(exactly: 1, "one job file (or --gallery DIR)")[0]
        guard let data = FileManager.default.contents(atPath: path) else {
            complain("\(path): cannot read the file")
            return .noInput
        }
        var object = try JobParser.jsonObject(data)
        if let locale = arguments.value("locale") { object["locale"] = .string(locale) }
        let job = try JobParser.parse(object: object)
        let now = Date()
        let mail = try composer.preview(job: job, now: now)
        for warning in composer.previewWarnings(job: job, mail: mail, now: now) { complain("warning: \(warning)") }
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

    /// Writes the gallery page; a job that does not render is reported and shown, and makes exit 65.
    static func writeGallery(to directory: String, jobs: String, composer: MailComposer) throws -> ExitCode {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: jobs, isDirectory: &isDirectory), isDirectory.boolValue else {
            complain("\(jobs): no such jobs directory (give one with --jobs DIR)")
            return .noInput
        }
        let gallery = PreviewGallery(composer: composer)
        let now = Date()
        let entries = try gallery.entries(jobs: URL(fileURLWithPath: jobs), now: now)
        let index: URL
        do {
            index = try gallery.write(entries, to: URL(fileURLWithPath: directory), generatedAt: now)
        } catch {
            complain(error.description)
            return .ioError
        }
        for entry in entries {
            for warning in entry.warnings { complain("warning: \(entry.file): \(warning)") }
            if let error = entry.error { complain("\(entry.file): \(error)") }
        }
        let rendered = entries.filter { $0.mail != nil }.count
        print("\(index.path): \(rendered) of \(entries.count) jobs rendered")
        return rendered == entries.count ? .ok : .dataError
    }
}
