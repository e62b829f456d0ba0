// SMTPError.swift — transport set-up problems (delivery failures are DeliveryResults, not errors).
import Foundation

/// A transport that cannot be set up.
public enum SMTPError: Error, CustomStringConvertible, Equatable {
    /// `transport` is not `file:PATH`, `smtp://host:port` or `smtps://host:port`.
    case badTransport(String)
    /// `smtp.password_file` cannot be read.
    case passwordFile(path: String)
    /// libcurl could not be initialised.
    case curlInit

    public var description: String {
        switch self {
        case .badTransport(let spec): return "transport \"\(Sanitize.line(spec))\": expected file:PATH, smtp://host:port or smtps://host:port"
        case .passwordFile(let path): return "smtp.password_file \(path): cannot read it (check the path and permissions)"
        case .curlInit: return "libcurl: curl_easy_init failed (out of memory?)"
        }
    }
}
