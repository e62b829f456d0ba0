// InboundReport.swift — what the classifier says about one inbound message: kind, format, tag, original, recipients.
import Foundation
import HikyakuBase

/// The verdict on one inbound message, written by `json` as `hikyaku inbound parse --json` prints it.
package struct InboundReport: Sendable, Equatable {
    /// What the message is.
    package enum Kind: String, Sendable {
        case bounce, delayed, complaint, other
        case autoReply = "auto_reply"
    }

    /// How it was read.
    package enum Format: String, Sendable {
        case rfc3464, arf, rfc3834, text
    }

    /// One recipient the message reports on.
    package struct Recipient: Sendable, Equatable {
        /// The failed (or complained-about, or away) address.
        package var address: String
        /// The DSN `Action` (failed, delayed, delivered, …), or nil.
        package var action: String?
        /// The enhanced status code `class.subject.detail`, or nil.
        package var status: String?
        /// The three-digit SMTP reply code, or nil.
        package var replyCode: String?
        /// Whether the address should be treated as dead (permanent and one of the hard reasons).
        package var hard: Bool
        /// A reason from `BounceReason`.
        package var reason: BounceReason
        /// The MTA that answered, or nil.
        package var remoteMTA: String?
        /// What the remote MTA said, one line, or nil.
        package var diagnostic: String?
    }

    package var kind: Kind = .other
    package var format: Format = .text
    /// The VERP tag: present, valid (see `verifyTag(keys:now:)`) and the job it names.
    package var tag = TagVerdict()
    /// Whether an envelope address carries a `+TAG` (`tag.present`).
    package var tagPresent: Bool {
        get { tag.present }
        set { tag.present = newValue }
    }
    /// The envelope addresses with a `+` in their local part (the bounce's recipient, the
    /// original's Return-Path, ARF's Original-Mail-From): where a tag may be. Not printed.
    package var tagAddresses: [String] = []
    /// DSN `Original-Recipient` addresses, which a tag may bind when forwarding changed the
    /// final one. Not printed.
    package var originalRecipients: [String] = []
    /// The original Message-ID, without angle brackets.
    package var originalMessageID: String?
    /// The hikyaku job id the original Message-ID names (`<job id>.<hash>@domain`).
    package var originalJob: String?
    /// ARF `Feedback-Type` (abuse, fraud, …), or nil.
    package var feedbackType: String?
    package var recipients: [Recipient] = []

    /// The report as the command prints it (version 1).
    package var json: JSONValue {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return .object([
            "version": .int(1), "kind": .string(kind.rawValue), "format": .string(format.rawValue),
            "tag": .object(["present": .bool(tag.present), "valid": .bool(tag.valid), "job": optional(tag.jobID)]),
            "original": .object(["message_id": optional(originalMessageID), "job": optional(originalJob)]),
            "feedback_type": optional(feedbackType),
            "recipients": .array(
                recipients.map { recipient in
                    .object([
                        "address": .string(recipient.address), "action": optional(recipient.action),
                        "status": optional(recipient.status), "reply_code": optional(recipient.replyCode),
                        "hard": .bool(recipient.hard), "reason": .string(recipient.reason.rawValue),
                        "remote_mta": optional(recipient.remoteMTA), "diagnostic": optional(recipient.diagnostic),
                    ])
                }),
        ])
    }

    /// Verifies the tag of `tagAddresses` under `keys` at `now` (`ReturnPathTag.verify`), against
    /// the recipients the message reports on and the returned Message-ID: `tag.valid` and
    /// `tag.jobID` say what the first valid tag names. Without keys (no server secret) nothing is
    /// valid. `present` stays true when a tag was seen but does not verify.
    package mutating func verifyTag(keys: ReturnPathKeys?, now: Date) {
        tag.valid = false
        tag.jobID = nil
        guard let keys else { return }
        let reported = recipients.map(\.address) + originalRecipients
        for address in tagAddresses.prefix(16) {
            let verdict = ReturnPathTag.verify(
                address: address, recipients: reported, messageID: originalMessageID, keys: keys, now: now)
            tag.present = tag.present || verdict.present
            if verdict.valid {
                tag = verdict
                return
            }
        }
    }
}
