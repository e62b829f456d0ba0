// Config.swift — hikyaku's settings: built-in defaults, overlaid by a strict JSON file.
import Foundation
import HikyakuBase
import HikyakuDelivery
import HikyakuMail

/// Every setting hikyaku reads. Relative paths are relative to the working directory.
public struct Config: Sendable {
    /// How the SMTP session treats STARTTLS.
    public typealias StartTLS = SMTPSettings.StartTLS
    /// SMTP client settings (used by `smtp://` and `smtps://` transports).
    public typealias SMTP = SMTPSettings

    /// When a deferred job is tried again and when retrying stops (see `RetryPolicy`).
    public struct Retry: Sendable, Equatable {
        /// Delay before the first retry; doubles per attempt.
        public var firstSeconds = 30
        /// The longest delay between two attempts.
        public var maxSeconds = 900
        /// A job without a link or code fails after this long since it was first claimed.
        public var giveUpAfterSeconds = 86400
    }

    /// The sender shown in every mail.
    public typealias From = ComposerSettings.From

    public var spool = "./spool"
    public var state = "./state"
    public var templates = "./templates"
    public var transport = "file:./outbox"
    public var smtp = SMTP()
    public var from = From()
    public var baseURL = ComposerSettings().baseURL
    /// Path templates appended to `baseURL`; `{token}` is replaced by the link's token.
    public var links = ComposerSettings().links
    /// The support contact shown in every footer, per language (`support` may be one string for all).
    public var support = ComposerSettings().support
    /// Seconds a link or code stays valid, per kind (the kinds' declared lifetimes by default).
    public var lifetimes = ComposerSettings().lifetimes
    /// Mails per window per login and per address, per kind (the kinds' declared limits by
    /// default); a count of 0 turns a kind's limit off.
    public var rateLimits: [String: RateLimit] = MailCatalogue.standard.rateLimits
    public var timeZone = ComposerSettings().timeZone
    public var retry = Retry()
    /// The old name of `retry.first_seconds`, still accepted in config files.
    public var retryDelaySeconds: Int {
        get { retry.firstSeconds }
        set { retry.firstSeconds = newValue }
    }
    public var secretFile: String? = nil
    /// `return_path`: the address VERP envelope senders are made from (`bounces+TAG@domain`,
    /// see `ReturnPathTag`), checked and in ASCII form; nil: the From address, untagged.
    public var returnPath: String? = nil
    /// `return_path_previous_secret_file`: an earlier server secret whose tags still verify
    /// after `secret_file` changed (never used to sign or for links and codes); nil: none.
    public var returnPathPreviousSecretFile: String? = nil
    /// The group the web tier's user is in (`web_group`, resolved when the config is read):
    /// its members may hand jobs off and verify links and codes, nothing more (the two-user
    /// layout, see docs/operations.md). Nil: one user owns the spool and the state.
    public var webGroup: SharedGroup? = nil
    public var otpMaxAttempts = 5
    /// A maildir the MTA delivers bounces into (`inbound_maildir`): the worker moves what lands in
    /// its `new/` and `cur/` into the inbound spool (docs/inbound.md). Nil: no maildir is watched.
    public var inboundMaildir: String? = nil
    /// Output charset per language: `UTF-8` (default) or `ISO-2022-JP`.
    public var charsets = ComposerSettings().charsets

    /// The file this config was read from; nil for the built-in defaults.
    public var origin: String? = nil

    /// The built-in defaults: the file transport into `./outbox`, no server needed.
    public init() {}

    /// The server secret's path: `secret_file`, else `<state>/secret`.
    public var resolvedSecretFile: String { secretFile ?? (state as NSString).appendingPathComponent("secret") }

    /// What composing a mail needs, built from these settings.
    public var composerSettings: ComposerSettings {
        var settings = ComposerSettings()
        settings.from = from
        settings.baseURL = baseURL
        settings.links = links
        settings.support = support
        settings.lifetimes = lifetimes
        settings.timeZone = timeZone
        settings.charsets = charsets
        return settings
    }

    /// The support contact for `language`.
    public func support(_ language: String) -> String { composerSettings.support(language) }

    /// The lifetime in seconds of a link or code for the kind named `purpose`.
    public func lifetime(_ purpose: String) -> Int { composerSettings.lifetime(purpose) }

    /// The lifetime in seconds of `kind`'s link or code: `lifetimes`, else the kind's declared one.
    public func lifetime(for kind: MailKind) -> Int { composerSettings.lifetime(for: kind) }

    /// Finds the config to use: `explicit` path, else `HIKYAKU_CONFIG`, else `./hikyaku.json`, else defaults.
    public static func load(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError)
        -> Config
    {
        if let path = explicit ?? environment["HIKYAKU_CONFIG"] {
            return try load(path: path)
        }
        if FileManager.default.fileExists(atPath: "./hikyaku.json") {
            return try load(path: "./hikyaku.json")
        }
        return Config()
    }

    /// Reads `path` and overlays it on the defaults; unknown keys and wrong types are errors.
    public static func load(path: String) throws(ConfigError) -> Config {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let value: JSONValue
        do {
            value = try JSONValue.parse(data, options: .spool)
        } catch {
            if case .duplicateKey(let key, _) = error { throw .invalid(path: path, key: key, problem: "named twice in one object") }
            throw .notJSON(path: path)
        }
        // A bare string, number or literal was not JSON to JSONSerialization; an array is the wrong type.
        if value.arrayValue != nil { throw .wrongType(path: path, key: "(top level)", expected: "an object") }
        guard let root = value.objectValue else { throw .notJSON(path: path) }
        var config = Config()
        config.origin = path
        try ConfigReader(path: path).apply(root, to: &config)
        try config.validate(path: path)
        return config
    }

    func validate(path: String) throws(ConfigError) {
        guard (1...64).contains(smtp.connections) else { throw .invalid(path: path, key: "smtp.connections", problem: "must be 1…64") }
        guard smtp.timeoutSeconds > 0 else { throw .invalid(path: path, key: "smtp.timeout_seconds", problem: "must be positive") }
        guard retry.firstSeconds >= 0 else { throw .invalid(path: path, key: "retry.first_seconds", problem: "must be 0 or more") }
        guard retry.maxSeconds >= retry.firstSeconds else {
            throw .invalid(path: path, key: "retry.max_seconds", problem: "must be at least retry.first_seconds (\(retry.firstSeconds))")
        }
        guard retry.giveUpAfterSeconds > 0 else {
            throw .invalid(path: path, key: "retry.give_up_after_seconds", problem: "must be positive")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw .invalid(path: path, key: "time_zone", problem: "unknown time zone \(timeZone)")
        }
        guard (try? TransportSpec(parsing: transport)) != nil else {
            throw .invalid(path: path, key: "transport", problem: "expected file:PATH, smtp://host:port or smtps://host:port")
        }
        for (kind, template) in links {
            // `{token}` exactly once and no other placeholder: anything else would mail a link
            // with a literal "{login}" (or none at all) that no web tier can verify.
            let placeholders = template.split(separator: "{", omittingEmptySubsequences: false).dropFirst()
                .map { $0.prefix { $0 != "}" } }
            guard placeholders == ["token"] else {
                throw .invalid(path: path, key: "links.\(kind)", problem: "must contain {token} exactly once and no other {…} placeholder")
            }
        }
        for (kind, limit) in rateLimits where limit.count < 0 || limit.count > 1000 || limit.windowSeconds < 1 {
            throw .invalid(path: path, key: "rate_limits.\(kind)", problem: "count must be 0…1000 and window_seconds at least 1")
        }
        for (purpose, seconds) in lifetimes where seconds < 1 {
            throw .invalid(path: path, key: "lifetimes.\(purpose)", problem: "must be at least 1 second")
        }
        for (language, charset) in charsets where !["UTF-8", "ISO-2022-JP"].contains(charset) {
            throw .invalid(path: path, key: "charsets.\(language)", problem: "expected UTF-8 or ISO-2022-JP")
        }
    }
}
