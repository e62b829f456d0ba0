// ComposerSettings.swift — what composing a mail reads from the configuration, and nothing else.
import Foundation

/// The settings `MailComposer` needs: sender, links, support contact, lifetimes, time zone and
/// charsets. The service's `Config` builds them; composing never reads a config file itself.
public struct ComposerSettings: Sendable {
    /// The sender shown in every mail.
    public struct From: Sendable {
        public var address = "no-reply@example.jp"
        public var nameJA = "hikyaku 通知センター"
        public var nameEN = "hikyaku Notifications"

        public init() {}
    }

    public var from = From()
    /// The portal's base URL; link paths are appended to it.
    public var baseURL = "http://localhost:8080"
    /// Path templates appended to `baseURL` per kind that carries a link; `{token}` is replaced by
    /// the token. Defaults to the paths the standard kinds declare (`MailCatalogue.linkPaths`).
    public var links: [String: String] = MailCatalogue.standard.linkPaths
    /// The support contact shown in every footer, per language.
    public var support: [String: String] = ["ja": "サポートデスク support@example.jp", "en": "Support desk support@example.jp"]
    /// Seconds a link or code stays valid, per kind. Defaults to the lifetimes the standard kinds
    /// declare (`MailKind.lifetime`).
    public var lifetimes: [String: Int] = MailCatalogue.standard.lifetimes
    /// The recipients' time zone for dates in mails (an IANA name).
    public var timeZone = "Asia/Tokyo"
    /// Output charset per language: `UTF-8` (default) or `ISO-2022-JP`.
    public var charsets: [String: String] = [:]

    /// The built-in defaults.
    public init() {}

    /// The support contact for `language`.
    public func support(_ language: String) -> String { support[language] ?? support["en"] ?? support.values.first ?? "" }

    /// The lifetime in seconds of a link or code for the kind named `purpose`.
    public func lifetime(_ purpose: String) -> Int { lifetimes[purpose] ?? 3600 }

    /// The lifetime in seconds of `kind`'s link or code: `lifetimes`, else the kind's declared one.
    public func lifetime(for kind: MailKind) -> Int { lifetimes[kind.name] ?? kind.lifetime ?? 3600 }
}
