// Envelope.swift — MAIL FROM and RCPT TO of one message: what composing hands delivery besides the bytes.
import Foundation

/// The envelope: who the relay is told the message is from and for (never taken from headers).
public struct Envelope: Sendable {
    public var sender: String
    public var recipients: [String]
    /// The job id, for the outbox file name and log lines.
    public var jobID: String

    public init(sender: String, recipients: [String], jobID: String) {
        self.sender = sender
        self.recipients = recipients
        self.jobID = jobID
    }
}
