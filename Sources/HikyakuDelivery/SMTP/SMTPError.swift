// SMTPError.swift — transport set-up problems (delivery failures are DeliveryResults, not errors).
import Foundation
import HikyakuBase

/// A transport that cannot be set up.
public enum SMTPError: Error, CustomStringConvertible, Equatable {
    /// `transport` is not `file:PATH`, `smtp://host:port` or `smtps://host:port`.
    case badTransport(String)
    /// `smtp.password_file` cannot be read.
    case passwordFile(path: String)
    /// `smtp.username` is set for an SMTP transport but no password was found.
    case missingPassword(username: String)
    /// libcurl could not be initialised.
    case curlInit
    /// libcurl (`library`, opened when the first SMTP transport is made) could not be loaded.
    case curlUnavailable(library: String, reason: String)

    public var description: String {
        switch self {
        case .badTransport(let spec):
            return "transport \"\(Sanitize.line(spec))\": expected file:PATH, smtp://host:port or smtps://host:port"
        case .passwordFile(let path): return "smtp.password_file \(path): cannot read it (check the path and permissions)"
        case .missingPassword(let username):
            return
                "smtp.username \(Sanitize.line(username)): no password (set smtp.password_file, or HIKYAKU_SMTP_PASSWORD in the environment)"
        case .curlInit: return "libcurl: curl_easy_init failed (out of memory?)"
        case .curlUnavailable(let library, let reason):
            return "libcurl: cannot load \(library): \(Sanitize.line(reason)) (SMTP delivery needs it: apt-get install -y libcurl4)"
        }
    }
}
