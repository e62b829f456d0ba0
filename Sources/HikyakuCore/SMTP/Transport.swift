// Transport.swift — the Transport protocol and the classified result of one delivery attempt.
import Foundation

/// Where a delivery attempt ended.
public enum DeliveryOutcome: String, Sendable {
    /// Accepted (2xx), or written to the outbox.
    case sent
    /// Transient: retry later.
    case deferred
    /// Permanent: do not retry.
    case failed
}

/// The SMTP phase an attempt reached, for the record and for classification.
public enum SMTPPhase: String, Sendable {
    case connect, greeting, ehlo, starttls, auth, mail, rcpt, data
    /// The whole message and the final "." were sent; waiting for the last reply.
    case dot
    case done
}

/// The classified result of one attempt.
public struct DeliveryResult: Sendable, Equatable {
    public var outcome: DeliveryOutcome
    /// The SMTP reply code, 0 when no reply was received.
    public var code: Int
    /// The reply text, or what went wrong with the connection.
    public var reply: String
    public var phase: SMTPPhase
    /// The reply to the final "." was lost: the relay may have accepted the message.
    public var possibleDuplicate: Bool

    public init(outcome: DeliveryOutcome, code: Int, reply: String, phase: SMTPPhase, possibleDuplicate: Bool = false) {
        self.outcome = outcome
        self.code = code
        self.reply = reply
        self.phase = phase
        self.possibleDuplicate = possibleDuplicate
    }
}

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

/// Delivers one message. One instance per sending thread; instances are not shared between threads.
public protocol Transport: AnyObject {
    /// Sends `message` (CRLF-only bytes) to the envelope's recipients and classifies the outcome.
    /// Never throws: every failure is a `DeliveryResult`.
    func send(_ message: [UInt8], envelope: Envelope) -> DeliveryResult
}

/// Creates one transport per sending thread from the config.
public enum TransportFactory {
    /// A new transport for `config.transport`. Throws `badTransport` for an unknown spec, and
    /// `curlUnavailable` for an SMTP transport when libcurl cannot be loaded.
    public static func make(_ config: Config, password: String?) throws(SMTPError) -> any Transport {
        let spec = config.transport
        if spec.hasPrefix("file:") { return FileTransport(directory: String(spec.dropFirst(5))) }
        guard let url = URLComponents(string: spec), let scheme = url.scheme, ["smtp", "smtps"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { throw .badTransport(spec) }
        return try CurlTransport(settings: CurlTransport.Settings(
            scheme: scheme, host: host, port: url.port ?? (scheme == "smtps" ? 465 : 25), smtp: config.smtp, password: password))
    }

    /// The SMTP password from `smtp.password_file`, else `HIKYAKU_SMTP_PASSWORD`, else nil.
    /// Throws `passwordFile` for an unreadable file, and `missingPassword` when an SMTP
    /// transport has a `username` but neither source gives a non-empty password (rather than
    /// attempting AUTH with an empty one). The password itself is never part of an error.
    public static func password(_ config: Config, environment: [String: String] = ProcessInfo.processInfo.environment) throws(SMTPError) -> String? {
        var password: String?
        if let file = config.smtp.passwordFile {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw .passwordFile(path: file)
            }
            password = text.trimmingCharacters(in: .newlines)
        } else {
            password = environment["HIKYAKU_SMTP_PASSWORD"]
        }
        if let username = config.smtp.username, !config.transport.hasPrefix("file:"), password?.isEmpty ?? true {
            throw .missingPassword(username: username)
        }
        return password
    }
}
