// MailComposer+Preview.swift — what `preview` and the gallery show: the worker's mail with a visibly fake secret.
import Foundation

extension MailComposer {
    /// The token every preview link carries; no token store ever issues it.
    public static let previewToken = "PREVIEW-NOT-A-REAL-TOKEN"
    /// The code every preview OTP mail carries.
    public static let previewCode = "000000"

    /// A visibly fake link or code for `job`, expiring the configured lifetime after `now`;
    /// `.none` for kinds that carry no secret. Touches neither the spool nor the token store.
    public func previewSecret(for job: Job, now: Date) -> IssuedSecret {
        secret(for: job, token: Self.previewToken, code: Self.previewCode, now: now)
    }

    /// The link with `token`, or `code`, as the mail for `job` carries it, expiring the configured
    /// lifetime after `now`; `.none` for kinds that carry no secret (previews, benchmarks, tests).
    public func secret(for job: Job, token: String, code: String, now: Date) -> IssuedSecret {
        let lifetime = settings.lifetime(for: job.kind)
        let expiresAt = now.addingTimeInterval(TimeInterval(lifetime))
        switch job.kind.secret {
        case .link:
            return .link(url: link(for: job.kind, token: token), expiresAt: expiresAt, lifetime: lifetime)
        case .code:
            return .code(code, expiresAt: expiresAt, lifetime: lifetime)
        case .none:
            return .none
        }
    }

    /// The mail the worker would send for `job` at `now`, through `compose`, with the preview
    /// secret, id `id` and stamp `preview`. Throws what `compose` throws.
    public func preview(job: Job, id: String = "preview", now: Date) throws(ComposeError) -> ComposedMail {
        try compose(job: job, id: id, stamp: "preview", date: now, secret: previewSecret(for: job, now: now))
    }

    /// Why `mail` fell back from its configured charset to UTF-8, one line per source: template
    /// text as `file:line:column: …` (from the files on disk), then each variable or config value;
    /// `mail.charsetFallback` itself when no source explains it. `now` is the instant `mail` was
    /// previewed at. Empty exactly when `mail.charsetFallback` is nil — `compose` decides, and
    /// the worker's `charset_fallback` event reports the same problems.
    public func previewWarnings(job: Job, mail: ComposedMail, now: Date) -> [String] {
        guard let fallback = mail.charsetFallback else { return [] }
        var problems = charsetProblems(job: job, secret: previewSecret(for: job, now: now), rendered: mail.rendered)
        guard !problems.isEmpty else { return [fallback] }
        var templates: [String] = []
        if problems.contains(where: { $0.source.hasPrefix("template text") }) {
            let first = job.locale.languages[0]
            templates = TemplateLinter.iso2022JPDiagnostics(
                in: library.directory, kinds: [job.kind.name], languages: job.locale.languages,
                reason: "charsets.\(first)"
            ).map(\.description)
            // Template text found by position needs no vaguer line of its own.
            if !templates.isEmpty { problems.removeAll { $0.source.hasPrefix("template text") } }
        }
        return templates + problems.map(\.description)
    }
}
