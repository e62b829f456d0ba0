// TransportSpec.swift — the `transport` setting parsed once: a maildir outbox, or an SMTP relay.
import Foundation

/// Where mail goes: `file:PATH` (a maildir outbox, no server), `smtp://host[:port]` (port 25 by
/// default, STARTTLS per `smtp.starttls`) or `smtps://host[:port]` (TLS from the start, port 465).
public enum TransportSpec: Sendable, Equatable {
    /// Each message becomes an `.eml` file in the maildir at `directory`.
    case file(directory: String)
    /// An SMTP relay; `implicitTLS` for `smtps://`.
    case smtp(host: String, port: Int, implicitTLS: Bool)

    /// Parses a `transport` value; throws `badTransport` naming it for anything else.
    public init(parsing text: String) throws(SMTPError) {
        if text.hasPrefix("file:") {
            self = .file(directory: String(text.dropFirst(5)))
            return
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["smtp", "smtps"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { throw .badTransport(text) }
        let implicitTLS = scheme == "smtps"
        self = .smtp(host: host, port: url.port ?? (implicitTLS ? 465 : 25), implicitTLS: implicitTLS)
    }

    /// Whether mail goes to a local outbox rather than a server.
    public var isFile: Bool {
        if case .file = self { return true }
        return false
    }
}
