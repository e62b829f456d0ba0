// TemplateLibrary+Config.swift — the templates a config names, loaded only when `templates check` passes.
import Foundation
import HikyakuMail

extension Config {
    /// Every problem `hikyaku templates check` reports for this config's templates (missing
    /// files, syntax, unknown variables, partials, text the configured charsets cannot carry);
    /// empty when they are fit to send.
    public func templateDiagnostics() -> [TemplateDiagnostic] {
        let charsets = charsets.compactMapValues(MIMECharset.init(rawValue:))
        return TemplateLinter(charsets: charsets).check(directory: URL(fileURLWithPath: templates))
    }
}

extension TemplateLibrary {
    /// The templates `config` names, parsed, but only when the whole `templates check` passes:
    /// the worker starts (and a SIGHUP reload takes effect) on templates that can render every
    /// kind, so a render error is left to be a job's own data. Throws `ConfigError.templates`
    /// listing every problem.
    public static func checked(config: Config) throws(ConfigError) -> TemplateLibrary {
        let diagnostics = config.templateDiagnostics()
        guard diagnostics.isEmpty else { throw .templates(directory: config.templates, problems: diagnostics.map(\.description)) }
        do {
            return try TemplateLibrary(directory: URL(fileURLWithPath: config.templates))
        } catch {
            throw .templates(directory: config.templates, problems: [error.description])
        }
    }
}
