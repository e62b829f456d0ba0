// Transport.swift — the Transport protocol and the classified result of one delivery attempt.
import Foundation
import HikyakuBase

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

/// Delivers one message. One instance per sending thread; instances are not shared between threads.
public protocol Transport: AnyObject {
    /// Sends `message` (CRLF-only bytes) to the envelope's recipients and classifies the outcome.
    /// Never throws: every failure is a `DeliveryResult`.
    func send(_ message: [UInt8], envelope: Envelope) -> DeliveryResult
}

/// Creates one transport per sending thread from a parsed spec and the SMTP settings.
public enum TransportFactory {
    /// A new transport for `spec`. Throws `curlUnavailable` for an SMTP transport when libcurl
    /// cannot be loaded.
    public static func make(_ spec: TransportSpec, smtp: SMTPSettings, password: String?) throws(SMTPError) -> any Transport {
        switch spec {
        case .file(let directory):
            return FileTransport(directory: directory)
        case .smtp(let host, let port, let implicitTLS):
            return try CurlTransport(
                settings: CurlTransport.Settings(
                    scheme: implicitTLS ? "smtps" : "smtp", host: host, port: port, smtp: smtp, password: password))
        }
    }

    /// The SMTP password from `smtp.passwordFile`, else `HIKYAKU_SMTP_PASSWORD`, else nil.
    /// Throws `passwordFile` for an unreadable file, and `missingPassword` when an SMTP
    /// transport has a `username` but neither source gives a non-empty password (rather than
    /// attempting AUTH with an empty one). The password itself is never part of an error.
    public static func password(
        for spec: TransportSpec, smtp: SMTPSettings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SMTPError) -> String? {
        var password: String?
        if let file = smtp.passwordFile {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw .passwordFile(path: file)
            }
            password = text.trimmingCharacters(in: .newlines)
        } else {
            password = environment["HIKYAKU_SMTP_PASSWORD"]
        }
        if let username = smtp.username, !spec.isFile, password?.isEmpty ?? true {
            throw .missingPassword(username: username)
        }
        return password
    }
}
