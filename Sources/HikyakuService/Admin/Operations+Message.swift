// Operations+Message.swift — `show ID --message`: the mail the worker composes for a job, its link and code redacted.
import Foundation
import HikyakuBase
import HikyakuMail
import HikyakuSpool

extension Operations {
    /// The token every shown link carries instead of the real one: the link reads
    /// `https://portal…/password/reset?token=[redacted]`.
    public static let redactedToken = "[redacted]"
    /// What a shown one-time-password mail carries instead of the code.
    public static let redactedCode = "[code redacted]"

    /// The mail the worker composes for job `id`, through `composer` and the worker's own
    /// Message-ID and date rules (stamp `received_at#replays`, date `message_date`, or now when
    /// it was never attempted), so its Message-ID and boundaries are those of the mail sent or
    /// about to be. The link's token is `redactedToken` and the code `redactedCode`: no token is
    /// derived, the token store is not read, and nothing in the spool changes. The link's expiry
    /// is the recorded one (issued at + the configured lifetime), or the lifetime from now when
    /// nothing was issued yet.
    public func message(id: String, composer: MailComposer) throws(MessageViewError) -> ComposedMail {
        guard let entry = inventory.entry(id: id) else { throw .notFound(id: id) }
        guard let record = entry.record else {
            throw .unreadable(
                id: id, state: entry.state, why: Sanitize.line(entry.problem ?? entry.reason ?? "not a job record", limit: 400))
        }
        let job: Job
        do {
            job = try JobParser.parse(object: record.job, catalogue: catalogue)
        } catch {
            throw .invalid(id: id, why: "invalid job: \(error.description)")
        }
        let date = record.messageDate ?? clock.now()
        let secret = composer.secret(for: job, token: Self.redactedToken, code: Self.redactedCode, now: record.issuedAt ?? date)
        do {
            return try composer.compose(
                job: job, id: id, stamp: Timestamp.iso8601(record.receivedAt) + "#\(record.replays)", date: date, secret: secret)
        } catch {
            throw .invalid(id: id, why: error.description)
        }
    }
}

extension ComposedMail {
    /// For people: the decoded header fields, an empty line, then the text part (as `postcat -q`
    /// shows a queued message, without its envelope records).
    public func decodedText() -> String {
        let head = HeaderDecoder.fields(of: bytes).map { "\($0.name): \(Sanitize.line($0.value, limit: 2000))" }
        return head.joined(separator: "\n") + "\n\n" + rendered.text
    }
}
