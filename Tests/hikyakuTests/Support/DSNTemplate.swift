// DSNTemplate.swift — fixtures/inbound/verp/postfix-dsn.eml.template filled in for a job's real MAIL FROM and Message-ID.
import Foundation

/// The hand-written Postfix DSN of `fixtures/inbound/verp/`, with its placeholders replaced.
enum DSNTemplate {
    static let url = Workspace.repository.appendingPathComponent("fixtures/inbound/verp/postfix-dsn.eml.template")

    /// The DSN returned to `sender` for `recipient`, about the message `messageID`.
    static func filled(sender: String, recipient: String, messageID: String) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "@SENDER@", with: sender)
            .replacingOccurrences(of: "@ORIGINAL_RECIPIENT@", with: recipient)
            .replacingOccurrences(of: "@RECIPIENT@", with: recipient)
            .replacingOccurrences(of: "@MESSAGE_ID@", with: messageID)
    }
}
