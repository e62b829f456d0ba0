// MailComposer+Charset.swift — which variable, config value or template text an ISO-2022-JP mail cannot carry.
import Foundation

/// Characters the configured charset cannot carry, and what put them in the mail.
public struct CharsetProblem: Sendable, Equatable, CustomStringConvertible {
    /// What produced them: a template variable (`to_name`), a config key (`from.name_ja`), or
    /// `template text of <kind>` (run `hikyaku templates check` for its file:line:column).
    public let source: String
    /// The characters, each once, in order of first appearance.
    public let characters: [Character]
    /// The charset that cannot carry them.
    public let charset: MIMECharset

    /// `to_name: "﨑" (U+FA11) cannot be sent as ISO-2022-JP; the mail falls back to UTF-8` (one line).
    public var description: String {
        let shown = characters.map(MIMEError.show).joined(separator: ", ")
        return "\(source): \(shown) cannot be sent as \(charset.rawValue); the mail falls back to UTF-8"
    }
}

extension MailComposer {
    /// The charset the subject, names and text of a `locale` mail are configured for: that of its
    /// first language (`charsets` in the config), UTF-8 when none is set.
    public func configuredCharset(for locale: JobLocale) -> MIMECharset {
        MIMECharset(rawValue: settings.charsets[locale.languages[0]] ?? "") ?? .utf8
    }

    /// Why `job`'s mail cannot be sent in its configured charset, by source; empty when it can
    /// (always, for UTF-8). Looks at the To and From display names (sanitised, as sent), every string value the subject
    /// and text templates use (the HTML part is always UTF-8), then whatever `rendered` still holds
    /// that no value explains, which must be template text. Never renders or reads files.
    public func charsetProblems(job: Job, secret: IssuedSecret, rendered: RenderedMail) -> [CharsetProblem] {
        let charset = configuredCharset(for: job.locale)
        guard charset != .utf8 else { return [] }
        var problems: [CharsetProblem] = []
        var explained = Set<Character>()
        func check(_ source: String, _ text: String) {
            let bad = charset.unrepresentable(in: text)
            guard !bad.isEmpty else { return }
            explained.formUnion(bad)
            if let index = problems.firstIndex(where: { $0.source == source }) {
                let merged = problems[index].characters + bad.filter { !problems[index].characters.contains($0) }
                problems[index] = CharsetProblem(source: source, characters: merged, charset: charset)
            } else {
                problems.append(CharsetProblem(source: source, characters: bad, charset: charset))
            }
        }
        let first = job.locale.languages[0]
        // The names as the headers carry them: controls and line separators already spaces.
        let fromName = first == "ja" ? settings.from.nameJA : settings.from.nameEN
        if let name = MailAddress.sanitized(displayName: fromName) { check("from.name_\(first)", name) }
        if let name = job.toName.flatMap(MailAddress.sanitized(displayName:)) { check("to_name", name) }
        for language in job.locale.languages {
            let values = context(job: job, language: language, secret: secret)
            let used = library.names(usedBy: job.kind.name, language: language, part: .subject)
                .union(library.names(usedBy: job.kind.name, language: language, part: .text))
            for name in used.sorted() {
                if case .string(let text)? = values[name] { check(name, text) }
            }
        }
        let leftover = charset.unrepresentable(in: rendered.subject + rendered.text).filter { !explained.contains($0) }
        if !leftover.isEmpty {
            problems.append(CharsetProblem(source: "template text of \(job.kind.name)", characters: leftover, charset: charset))
        }
        return problems
    }
}
