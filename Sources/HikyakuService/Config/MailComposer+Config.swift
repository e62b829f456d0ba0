// MailComposer+Config.swift — a composer built from the service's configuration.
import Foundation
import HikyakuMail

extension MailComposer {
    /// A composer over `library` with `config`'s composer settings.
    public init(config: Config, library: TemplateLibrary) {
        self.init(settings: config.composerSettings, library: library)
    }
}
