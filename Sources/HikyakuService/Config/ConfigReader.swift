// ConfigReader.swift — overlays a parsed JSON object on Config, naming any unknown key or wrong type.
import Foundation
import HikyakuBase
import HikyakuMail

struct ConfigReader {
    /// The kinds whose link paths (`links`) and lifetimes (`lifetimes`) a config may set.
    static let kinds = MailCatalogue.standard

    let path: String

    func apply(_ root: [String: JSONValue], to config: inout Config) throws(ConfigError) {
        for (key, value) in root {
            switch key {
            case "spool": config.spool = try string(value, key)
            case "state": config.state = try string(value, key)
            case "templates": config.templates = try string(value, key)
            case "transport": config.transport = try string(value, key)
            case "base_url": config.baseURL = try string(value, key)
            case "support":
                if let text = value.stringValue {
                    config.support = ["ja": text, "en": text]
                } else {
                    config.support.merge(try stringMap(value, key, allowed: ["ja", "en"])) { $1 }
                }
            case "time_zone": config.timeZone = try string(value, key)
            case "secret_file": config.secretFile = try optionalString(value, key)
            case "return_path": config.returnPath = try returnPath(value, key)
            case "return_path_previous_secret_file": config.returnPathPreviousSecretFile = try optionalString(value, key)
            case "inbound_maildir": config.inboundMaildir = try optionalString(value, key)
            case "web_group":
                guard let name = try optionalString(value, key) else { config.webGroup = nil; continue }
                guard let group = SharedGroup.named(name) else {
                    throw .invalid(
                        path: path, key: key,
                        problem: "no group named \"\(Sanitize.line(name))\" (create it: groupadd \(Sanitize.line(name)))")
                }
                config.webGroup = group
            case "retry_delay_seconds":
                // The old name of retry.first_seconds; the retry object wins when both are given.
                let first = try int(value, key)
                let retry = root["retry"]?.objectValue ?? [:]
                if retry["first_seconds"] == nil { config.retry.firstSeconds = first }
                if retry["max_seconds"] == nil { config.retry.maxSeconds = max(config.retry.maxSeconds, first) }
            case "retry":
                for (k, v) in try object(value, key) {
                    switch k {
                    case "first_seconds": config.retry.firstSeconds = try int(v, "retry.first_seconds")
                    case "max_seconds": config.retry.maxSeconds = try int(v, "retry.max_seconds")
                    case "give_up_after_seconds": config.retry.giveUpAfterSeconds = try int(v, "retry.give_up_after_seconds")
                    default: throw .unknownKey(path: path, key: "retry.\(k)")
                    }
                }
            case "otp_max_attempts": config.otpMaxAttempts = try int(value, key)
            case "links": config.links.merge(try stringMap(value, key, allowed: Set(Self.kinds.linkPaths.keys))) { $1 }
            case "charsets": config.charsets = try stringMap(value, key, allowed: ["ja", "en"])
            case "lifetimes":
                for (k, v) in try object(value, key) {
                    guard Self.kinds.lifetimes[k] != nil else {
                        throw .unknownKey(path: path, key: "lifetimes.\(k)")
                    }
                    config.lifetimes[k] = try int(v, "lifetimes.\(k)")
                }
            case "rate_limits": try applyRateLimits(try object(value, key), to: &config.rateLimits)
            case "smtp": try applySMTP(try object(value, key), to: &config.smtp)
            case "from":
                for (k, v) in try object(value, key) {
                    switch k {
                    case "address": config.from.address = try string(v, "from.address")
                    case "name_ja": config.from.nameJA = try string(v, "from.name_ja")
                    case "name_en": config.from.nameEN = try string(v, "from.name_en")
                    default: throw .unknownKey(path: path, key: "from.\(k)")
                    }
                }
            default: throw .unknownKey(path: path, key: key)
            }
        }
    }

    private func applySMTP(_ smtp: [String: JSONValue], to settings: inout Config.SMTP) throws(ConfigError) {
        for (k, v) in smtp {
            let key = "smtp.\(k)"
            switch k {
            case "connections": settings.connections = try int(v, key)
            case "username": settings.username = try optionalString(v, key)
            case "password_file": settings.passwordFile = try optionalString(v, key)
            case "timeout_seconds": settings.timeoutSeconds = try int(v, key)
            case "helo": settings.helo = try string(v, key)
            case "ca_file": settings.caFile = try optionalString(v, key)
            case "tls_verify":
                guard let flag = v.boolValue else { throw .wrongType(path: path, key: key, expected: "a boolean") }
                settings.tlsVerify = flag
            case "starttls":
                guard let mode = Config.StartTLS(rawValue: try string(v, key)) else {
                    throw .invalid(path: path, key: key, problem: "expected required, opportunistic or off")
                }
                settings.starttls = mode
            default: throw .unknownKey(path: path, key: key)
            }
        }
    }

    private func string(_ value: JSONValue, _ key: String) throws(ConfigError) -> String {
        guard let text = value.stringValue else { throw .wrongType(path: path, key: key, expected: "a string") }
        return text
    }

    private func optionalString(_ value: JSONValue, _ key: String) throws(ConfigError) -> String? {
        if value.isNull { return nil }
        return try string(value, key)
    }

    func int(_ value: JSONValue, _ key: String) throws(ConfigError) -> Int {
        guard let number = value.intValue else { throw .wrongType(path: path, key: key, expected: "an integer") }
        return number
    }

    func object(_ value: JSONValue, _ key: String) throws(ConfigError) -> [String: JSONValue] {
        guard let map = value.objectValue else { throw .wrongType(path: path, key: key, expected: "an object") }
        return map
    }

    private func stringMap(_ value: JSONValue, _ key: String, allowed: Set<String>) throws(ConfigError) -> [String: String] {
        var result: [String: String] = [:]
        for (k, v) in try object(value, key) {
            guard allowed.contains(k) else { throw .unknownKey(path: path, key: "\(key).\(k)") }
            result[k] = try string(v, "\(key).\(k)")
        }
        return result
    }
}
