// ReturnPathTag+Verify.swift — whether a returned envelope address carries a tag this server made, for which job.
import Foundation
import HikyakuBase
import HikyakuTokens

/// What a returned message's VERP tag says (`tag` in `hikyaku inbound parse --json`).
package struct TagVerdict: Sendable, Equatable {
    /// An envelope address of the message carries a tag.
    package var present = false
    /// The tag's MAC verifies under a known key, for a recipient the message reports on (or, in
    /// the Message-ID form, for the returned Message-ID), on a day inside the window.
    package var valid = false
    /// The job the valid tag names; nil unless `valid`.
    package var jobID: String?

    package init(present: Bool = false, valid: Bool = false, jobID: String? = nil) {
        self.present = present
        self.valid = valid
        self.jobID = jobID
    }
}

extension ReturnPathTag {
    /// Tags are accepted from the day they were made until this many days later.
    package static let maximumAgeDays = 30
    /// … and from this many days before (a sender's clock ahead of the verifier's).
    package static let maximumFutureDays = 1
    /// At most this many reported recipients are tried (a hostile report may name thousands).
    static let maximumRecipients = 100

    /// The verdict on `address`, an envelope address of a returned message (`bounces+TAG@…`,
    /// angle brackets allowed). Valid only when the tag parses, names a key of `keys`, is
    /// 0…`maximumAgeDays` days old (at most `maximumFutureDays` ahead) at `now`, and its MAC,
    /// compared in constant time, binds one of `recipients` (the addresses the message reports
    /// on: Final-Recipient, Original-Recipient, the addresses of a text bounce) — or, in the
    /// Message-ID form, `messageID` (the returned Message-ID, without brackets). Anything else,
    /// however malformed, is simply not valid; nothing is thrown or logged.
    package static func verify(address: String, recipients: [String], messageID: String?, keys: ReturnPathKeys, now: Date)
        -> TagVerdict
    {
        guard let tag = tag(of: address), let parsed = parse(tag) else { return TagVerdict() }
        var verdict = TagVerdict(present: true)
        let age = day(of: now) - parsed.day
        guard (-maximumFutureDays...maximumAgeDays).contains(age) else { return verdict }
        let subject: [UInt8]
        switch parsed.form {
        case .job: subject = Array((parsed.jobID ?? "").utf8)
        case .message:
            guard let messageID, !messageID.isEmpty else { return verdict }
            subject = SHA256.hash(messageID)
        }
        for key in keys.keys(id: parsed.keyID) {
            for recipient in recipients.prefix(maximumRecipients) {
                let expected = mac(parsed.form, key: key, days: parsed.days, subject: subject, recipient: recipient)
                guard ConstantTime.equals(expected, parsed.mac) else { continue }
                verdict.valid = true
                verdict.jobID = parsed.form == .job ? parsed.jobID : messageID.flatMap(InboundClassifier.job(fromMessageID:))
                return verdict
            }
        }
        return verdict
    }

    /// The tag of `address`: what follows the last `+` of its local part, or nil when there is none.
    static func tag(of address: String) -> String? {
        var text = Substring(address.trimmingCharacters(in: .whitespacesAndNewlines))
        if text.hasPrefix("<"), text.hasSuffix(">") { text = text.dropFirst().dropLast() }
        guard let at = text.lastIndex(of: "@"), let plus = text[..<at].lastIndex(of: "+") else { return nil }
        let tag = text[text.index(after: plus)..<at]
        return tag.isEmpty ? nil : String(tag)
    }
}
