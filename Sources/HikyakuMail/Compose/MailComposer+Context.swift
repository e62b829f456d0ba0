// MailComposer+Context.swift — the template variables of one job in one language, as its kind declares them.
import Foundation

extension MailComposer {
    /// The template variables for one language (see `MailKind.templateVariables`).
    func context(job: Job, language: String, secret: IssuedSecret) -> [String: TemplateValue] {
        var values: [String: TemplateValue] = [
            // Every job value as `ShownText` shows it: one line of visible text (the name as the To
            // header shows it).
            "to_name": .string(job.toName.flatMap(MailAddress.sanitized(displayName:)) ?? ShownText.line(job.loginID)),
            "to": .string(MailAddress.unicodeForm(job.to)), "login_id": .string(ShownText.line(job.loginID)),
            "support": .string(settings.support(language)),
        ]
        switch secret {
        case .none: break
        case .link(let url, let expiresAt, let lifetime):
            values["link"] = .string(url)
            addDeadline(&values, expiresAt: expiresAt, lifetime: lifetime, language: language)
        case .code(let code, let expiresAt, let lifetime):
            values["code"] = .string(code)
            addDeadline(&values, expiresAt: expiresAt, lifetime: lifetime, language: language)
        }
        for variable in job.kind.variables {
            values[variable.name] = value(of: variable, kind: job.kind, data: job.data, language: language)
        }
        return values
    }

    private func addDeadline(_ values: inout [String: TemplateValue], expiresAt: Date, lifetime: Int, language: String) {
        values["deadline"] = .string(format.dateTime(expiresAt, language: language))
        values["validity"] = .string(format.duration(seconds: lifetime, language: language))
        values["valid_minutes"] = .string(String(lifetime / 60))
    }

    /// `variable`'s value for `data` in `language` (a field's text as `ShownText` shows it, an
    /// address with its domain's U-labels; one with
    /// nothing visible counts as absent), or nil when its field is absent (and it has no fallback).
    private func value(of variable: MailVariable, kind: MailKind, data: JobData, language: String) -> TemplateValue? {
        switch variable.source {
        case .text(let field, let absent):
            let isAddress = kind.fields.contains { $0.name == field && $0.rule == .address }
            let shown = data.text(field).map { ShownText.line(isAddress ? MailAddress.unicodeForm($0) : $0) }
            return (shown.flatMap { $0.isEmpty ? nil : $0 } ?? absent[language] ?? absent["en"]).map(TemplateValue.string)
        case .dateTime(let field):
            return data.date(field).map { .string(format.dateTime($0, language: language)) }
        case .flag(let field, let value):
            return .bool(data.text(field) == value)
        }
    }
}
