// SMTPSettings.swift — the SMTP client's own settings: connections, STARTTLS, AUTH, timeouts, TLS.
import Foundation

/// SMTP client settings (used by `smtp://` and `smtps://` transports). The service's `Config`
/// reads them from `smtp.*`; a transport never sees the rest of the configuration.
public struct SMTPSettings: Sendable {
    /// How the SMTP session treats STARTTLS.
    public enum StartTLS: String, Sendable { case required, opportunistic, off }

    /// Connections (sending threads) a worker keeps open.
    public var connections = 4
    public var starttls = StartTLS.opportunistic
    /// The AUTH user; nil sends no AUTH.
    public var username: String? = nil
    /// The file holding the AUTH password (else `HIKYAKU_SMTP_PASSWORD`).
    public var passwordFile: String? = nil
    /// Connect and reply timeout; a whole transfer may take four times this.
    public var timeoutSeconds = 30
    /// The name sent in EHLO.
    public var helo = "localhost"
    /// CA bundle for verifying the relay's certificate (system default when nil).
    public var caFile: String? = nil
    /// Whether the relay's certificate and host name are verified.
    public var tlsVerify = true

    /// The defaults: 4 connections, opportunistic STARTTLS, no AUTH, 30 s.
    public init() {}
}
