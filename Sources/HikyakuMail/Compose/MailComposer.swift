// MailComposer.swift — one job plus its link or code → the exact bytes the worker sends (and preview shows).
import Foundation
import HikyakuBase

/// The link or code a job carries, as mailed (never stored).
public enum IssuedSecret: Sendable {
    /// The kind carries no secret (login and deletion notices).
    case none
    /// A one-time link, its expiry and its lifetime in seconds (for the wording).
    case link(url: String, expiresAt: Date, lifetime: Int)
    /// A one-time code, its expiry and its lifetime in seconds.
    case code(String, expiresAt: Date, lifetime: Int)
}

/// A message ready for a transport.
public struct ComposedMail: Sendable {
    /// The whole message, CRLF line ends, as handed to the transport.
    public var bytes: [UInt8]
    /// MAIL FROM and RCPT TO.
    public var envelope: Envelope
    /// The Message-ID without angle brackets: `<job id>.<hash of the stamp>@<from domain>`.
    public var messageID: String
    /// The subject, text and HTML before MIME encoding (what preview and the gallery show).
    public var rendered: RenderedMail
    /// Set when the configured ISO-2022-JP could not carry a character and the mail is UTF-8
    /// instead: one line naming each variable (or template text) and its characters.
    public var charsetFallback: String?
}

/// Renders a job through the templates and MIME. The worker and `preview` share this code path.
public struct MailComposer: Sendable {
    /// The settings: sender, links, support contact, lifetimes, time zone, charsets.
    public let settings: ComposerSettings
    /// The parsed templates (replaced as a whole on SIGHUP).
    public let library: TemplateLibrary
    /// Dates and durations worded in `settings.timeZone`.
    public let format: LocalFormat
    /// The From mailbox per first language, checked once (nil when invalid: compose says why).
    private let senders: (ja: MailAddress?, en: MailAddress?)
    /// The domain of the Message-ID: the From address's.
    private let messageIDDomain: String

    /// A composer over `library`, formatting times in `settings.timeZone` (Asia/Tokyo if unknown).
    public init(settings: ComposerSettings, library: TemplateLibrary) {
        self.settings = settings
        self.library = library
        self.format = LocalFormat(timeZone: TimeZone(identifier: settings.timeZone) ?? TimeZone(identifier: "Asia/Tokyo")!)
        self.senders = (
            try? MailAddress(settings.from.address, displayName: settings.from.nameJA),
            try? MailAddress(settings.from.address, displayName: settings.from.nameEN)
        )
        self.messageIDDomain = settings.from.address.split(separator: "@").last.map(String.init) ?? "hikyaku.invalid"
    }

    /// The message for `job` (id `id`), dated `date`, carrying `secret`. `messageID` and the
    /// boundary derive from `id` and `stamp`, so a retry produces the same bytes.
    public func compose(job: Job, id: String, stamp: String, date: Date, secret: IssuedSecret) throws(ComposeError) -> ComposedMail {
        let rendered: RenderedMail
        do {
            rendered = try library.renderMail(kind: job.kind.name, locale: job.locale.rawValue) { language in
                context(job: job, language: language, secret: secret)
            }
        } catch {
            throw .template(jobID: id, error)
        }
        let firstLanguage = job.locale.languages[0]
        let messageID = "\(id).\(Self.fnv(stamp))@\(messageIDDomain)"
        do {
            let from: MailAddress
            if let checked = firstLanguage == "ja" ? senders.ja : senders.en {
                from = checked
            } else {
                from = try MailAddress(
                    settings.from.address, displayName: firstLanguage == "ja" ? settings.from.nameJA : settings.from.nameEN)
            }
            let to = try MailAddress(job.to, displayName: job.toName)
            var message = MIMEMessage(
                from: from, to: to, subject: rendered.subject, date: date, timeZone: format.timeZone,
                messageID: messageID, contentLanguage: rendered.languages.joined(separator: ", "),
                text: rendered.text, html: rendered.html, boundary: MIMEMessage.boundary(seed: messageID),
                charset: configuredCharset(for: job.locale),
                extraHeaders: [("X-Hikyaku-Job", id), ("X-Hikyaku-Kind", job.kind.name)])
            var fallback: String?
            let bytes: [UInt8]
            do {
                bytes = try Self.encodedAvoidingBoundary(&message, seed: messageID)
            } catch let error where message.charset == .iso2022JP {
                // Some characters (﨑, ①, emoji) have no ISO-2022-JP form: send UTF-8 and say so,
                // naming the variables (or template text) they came from.
                let problems = charsetProblems(job: job, secret: secret, rendered: rendered)
                fallback = problems.isEmpty ? error.description : problems.map(\.description).joined(separator: "; ")
                message.charset = .utf8
                bytes = try Self.encodedAvoidingBoundary(&message, seed: messageID)
            }
            let envelope = Envelope(sender: from.address, recipients: [to.address], jobID: id)
            return ComposedMail(bytes: bytes, envelope: envelope, messageID: messageID, rendered: rendered, charsetFallback: fallback)
        } catch {
            throw .mime(jobID: id, error)
        }
    }

    /// `message.encoded()`; if a line of its 7bit text starts with the boundary delimiter (a
    /// value can put one there), again with boundaries derived from `seed` + `#1`, `#2`, … until
    /// none does, so the charset never changes for it. Throws what `encoded()` throws otherwise.
    static func encodedAvoidingBoundary(_ message: inout MIMEMessage, seed: String) throws(MIMEError) -> [UInt8] {
        var attempt = 0
        while true {
            do {
                return try message.encoded()
            } catch .boundaryCollision where attempt < 8 {
                attempt += 1
                message.boundary = MIMEMessage.boundary(seed: "\(seed)#\(attempt)")
            }
        }
    }

    /// The link for `kind` carrying `token`, built from `base_url` (never from the job): the path
    /// the config's `links` gives the kind, else the one the kind declares (`MailSecret.link`).
    public func link(for kind: MailKind, token: String) -> String {
        guard settings.links[kind.name] == nil, case .link(_, let path, _) = kind.secret else {
            return link(purpose: kind.name, token: token)
        }
        return Self.join(settings.baseURL, path, token: token)
    }

    /// The link of the kind named `purpose` carrying `token`, built from `base_url` (never from
    /// the job): the path `links` gives it, else `/<purpose>?token=…`.
    public func link(purpose: String, token: String) -> String {
        Self.join(settings.baseURL, settings.links[purpose] ?? "/\(purpose)?token={token}", token: token)
    }

    /// `base` without its trailing slashes, then `path` with `token` substituted.
    private static func join(_ base: String, _ path: String, token: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + MailComposer.substitute(token: token, in: path)
    }

    /// `path` with every `{token}` replaced by `token`, matched byte for byte — also where a
    /// combining mark follows the "}", which `replacingOccurrences` (by characters) left alone.
    /// Foundation's `replacingOccurrences` went through `NSString` for every link (about 1% of a
    /// drain's CPU).
    static func substitute(token: String, in path: String) -> String {
        let placeholder = "{token}".utf8
        let bytes = Array(path.utf8)
        guard bytes.contains(UInt8(ascii: "{")) else { return path }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + token.utf8.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), bytes[index...].starts(with: placeholder) {
                out.append(contentsOf: token.utf8)
                index += placeholder.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// FNV-1a 64-bit of `text`, hex: a stable, non-secret tag.
    static func fnv(_ text: String) -> String {
        String(FNV1a.hash(text), radix: 16)
    }
}
