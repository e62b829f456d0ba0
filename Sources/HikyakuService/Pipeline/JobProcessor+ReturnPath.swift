// JobProcessor+ReturnPath.swift — the envelope of one send attempt: with `return_path`, its sender carries a VERP tag.
import Foundation
import HikyakuBase
import HikyakuMail

extension JobProcessor {
    /// `mail`'s envelope for an attempt made now. With `return_path` set, the sender is
    /// `ReturnPathTag.envelopeSender` for the job, its Message-ID and recipient, on the UTC day
    /// of the attempt, under the server secret's return-path key; the message bytes (headers,
    /// Message-ID) are the same either way. Without it, the composer's envelope (From) unchanged.
    func envelope(for mail: ComposedMail) -> Envelope {
        var envelope = mail.envelope
        guard let returnPath = config.returnPath, let recipient = envelope.recipients.first else { return envelope }
        envelope.sender = ReturnPathTag.envelopeSender(
            returnPath: returnPath, jobID: envelope.jobID, messageID: mail.messageID, recipient: recipient, on: clock.now(),
            key: returnPathKey)
        return envelope
    }
}
