// TransportFactory+Config.swift — transports and the SMTP password as the configuration describes them.
import Foundation
import HikyakuDelivery

extension TransportFactory {
    /// A new transport for `config.transport` with `config.smtp`. Throws `badTransport` for a
    /// spec `Config.load` would have refused, `curlUnavailable` when libcurl cannot be loaded.
    public static func make(_ config: Config, password: String?) throws(SMTPError) -> any Transport {
        try make(TransportSpec(parsing: config.transport), smtp: config.smtp, password: password)
    }

    /// The SMTP password `config` names (see `password(for:smtp:environment:)`).
    public static func password(
        _ config: Config, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SMTPError) -> String? {
        try password(for: TransportSpec(parsing: config.transport), smtp: config.smtp, environment: environment)
    }
}
