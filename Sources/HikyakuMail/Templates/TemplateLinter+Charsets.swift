// TemplateLinter+Charsets.swift — finds template text an ISO-2022-JP locale cannot send, by file:line:column.
import Foundation

extension TemplateLinter {
    /// Why `language`'s subject and text are sent in ISO-2022-JP, or nil when they never are.
    ///
    /// A mail's text goes out in the charset configured for its first language, so `en` text is
    /// also sent in `ja`'s charset inside `ja+en` mails.
    public static func iso2022JPReason(for language: String, charsets: [String: MIMECharset]) -> String? {
        if charsets[language] == .iso2022JP { return "charsets.\(language)" }
        let first = TemplateLibrary.languages[0]
        if language != first, charsets[first] == .iso2022JP { return "charsets.\(first), used by ja+en mails" }
        return nil
    }

    /// One diagnostic per character in `kinds`' subject and text templates (and the text partials)
    /// that ISO-2022-JP cannot carry, for each language configured for it. HTML parts are always
    /// UTF-8 and are not checked; text inside tags and comments never renders and is skipped.
    public func charsetDiagnostics(in directory: URL, kinds: [String]) -> [TemplateDiagnostic] {
        TemplateLibrary.languages.flatMap { language in
            Self.iso2022JPReason(for: language, charsets: charsets).map {
                Self.iso2022JPDiagnostics(in: directory, kinds: kinds, languages: [language], reason: $0)
            } ?? []
        }.sorted()
    }

    /// The ISO-2022-JP check itself, for the subject and text templates of `kinds` in `languages`
    /// and those languages' text partials; `reason` says in each message why it applies.
    public static func iso2022JPDiagnostics(
        in directory: URL, kinds: [String], languages: [String], reason: String
    ) -> [TemplateDiagnostic] {
        var diagnostics: [TemplateDiagnostic] = []
        var verdicts: [Character: Bool] = [:]
        for language in languages {
            var paths = kinds.flatMap { kind in
                [TemplatePart.subject, .text].map { $0.path(kind: kind, language: language) }
            }
            paths += TemplateLibrary.partialFiles(in: directory).found
                .filter { $0.language == language && $0.part == .text }.map(\.path)
            for path in paths {
                guard let source = try? TemplateLibrary.readIfPresent(path, in: directory) else { continue }
                for (line, column, character) in literalCharacters(of: source) {
                    let fits = verdicts[character] ?? MIMECharset.iso2022JP.unrepresentable(in: String(character)).isEmpty
                    verdicts[character] = fits
                    guard !fits else { continue }
                    diagnostics.append(
                        TemplateDiagnostic(
                            file: path, line: line, column: column,
                            message: unrepresentableMessage(character, reason: reason)))
                }
            }
        }
        return diagnostics.sorted()
    }

    /// `"﨑" (U+FA11) cannot be sent as ISO-2022-JP (charsets.ja); such mail falls back to UTF-8 …`.
    static func unrepresentableMessage(_ character: Character, reason: String) -> String {
        let hint = ISO2022JP.suggestion(for: character).map { "; use \($0) instead" } ?? ""
        return "\(MIMEError.show(character)) cannot be sent as ISO-2022-JP (\(reason)); "
            + "mail with it falls back to UTF-8\(hint)"
    }

    /// The characters of `source` outside `{{…}}` tags, with 1-based line and column (as the parser counts).
    static func literalCharacters(of source: String) -> [(line: Int, column: Int, character: Character)] {
        let chars = Array(source.replacingOccurrences(of: "\r\n", with: "\n"))
        var found: [(Int, Int, Character)] = []
        var line = 1, column = 1, index = 0
        var inTag = false
        while index < chars.count {
            let char = chars[index]
            if !inTag, char == "{", index + 1 < chars.count, chars[index + 1] == "{" {
                inTag = true
            } else if inTag, char == "}", index + 1 < chars.count, chars[index + 1] == "}" {
                // Step over the whole run of closing braces (`}}` or `}}}`).
                while index < chars.count, chars[index] == "}" { index += 1; column += 1 }
                inTag = false
                continue
            } else if !inTag, char != "\n", !(char.isASCII && char != "\u{7F}") {
                found.append((line, column, char))
            }
            if char == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
        return found
    }
}
