// TemplateLibrary+Mail.swift — assembles a whole mail for a locale: one language, or ja+en in one mail.
import Foundation

extension TemplateLibrary {
    /// The line between the Japanese and English text of a `ja+en` mail (`=`, so it never looks like
    /// the `-` rules templates draw inside one language).
    public static let languageSeparator = String(repeating: "=", count: 40)

    /// Renders `kind` for `locale` (`ja`, `en` or `ja+en`) into a subject, a text part and a
    /// complete HTML document.
    ///
    /// `context` is asked once per language, so dates and durations can be worded per language.
    /// `ja+en` joins the subjects as "JA / EN", the texts around `languageSeparator`, and the HTML
    /// fragments as `<div lang="ja">…</div>`, a rule, `<div lang="en">…</div>`. The text ends with exactly
    /// one newline; every line ending is "\n" (MIME turns them into CRLF).
    /// Throws `.unknownLocale` and everything `render(kind:language:context:)` throws.
    public func renderMail(
        kind: String, locale: String, context: (String) -> [String: TemplateValue]
    ) throws(TemplateError) -> RenderedMail {
        let languages: [String]
        switch locale {
        case "ja", "en": languages = [locale]
        case "ja+en": languages = ["ja", "en"]
        default: throw .unknownLocale(locale)
        }
        var rendered: [RenderedParts] = []
        for language in languages {
            rendered.append(try render(kind: kind, language: language, context: context(language)))
        }

        let subject = rendered.map(\.subject).joined(separator: " / ")
        let texts = rendered.map { Self.trimmingTrailingNewlines($0.text) }
        let text = texts.joined(separator: "\n\n\(Self.languageSeparator)\n\n") + "\n"
        let body: String
        if rendered.count == 1 {
            body = Self.trimmingTrailingNewlines(rendered[0].html)
        } else {
            body = zip(languages, rendered).map { language, parts in
                "<div lang=\"\(language)\">\n\(Self.trimmingTrailingNewlines(parts.html))\n</div>"
            }.joined(separator: "\n\(Self.languageRule)\n")
        }
        let html = Self.document(language: languages[0], title: subject, body: body)
        return RenderedMail(subject: subject, text: text, html: html, languages: languages)
    }

    /// The rule between the Japanese and English halves of a `ja+en` HTML part.
    public static let languageRule = #"<hr style="border:0;border-top:2px solid #cccccc;margin:32px 0;">"#

    /// The body's inline style: a Japanese-capable sans-serif font and a readable line height, set
    /// once here so fragments need not repeat it (clients that drop it fall back to their default).
    public static let bodyStyle =
        "margin:0;padding:16px;font-family:'Hiragino Kaku Gothic ProN','Hiragino Sans',Meiryo,"
        + "'Noto Sans CJK JP',sans-serif;font-size:15px;line-height:1.7;color:#222222;"

    /// A minimal complete HTML document around `body`; the title is escaped here, once.
    static func document(language: String, title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language)">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
        <title>\(TemplateEscaping.html.escape(title))</title></head>
        <body style="\(bodyStyle)">
        \(body)
        </body>
        </html>

        """
    }
}
