// Job.swift — one notification job as the web tier wrote it (schema version 1).
import Foundation
import HikyakuBase

/// The language(s) of one mail.
public enum JobLocale: String, Sendable, CaseIterable {
    case ja
    case en
    case jaEn = "ja+en"

    /// The languages in the order they appear in the mail.
    public var languages: [String] {
        switch self {
        case .ja: return ["ja"]
        case .en: return ["en"]
        case .jaEn: return ["ja", "en"]
        }
    }
}

/// The validated fields of a job's `data`, by name (see `MailKind.fields`).
public struct JobData: Sendable, Equatable {
    /// Every field present (or defaulted), by name.
    public let values: [String: JobValue]

    /// Data holding `values`.
    public init(_ values: [String: JobValue] = [:]) {
        self.values = values
    }

    /// The value of field `name`, or nil when absent.
    public subscript(name: String) -> JobValue? { values[name] }

    /// The string value of field `name`, or nil when absent or not a string.
    public func text(_ name: String) -> String? {
        if case .text(let text)? = values[name] { return text }
        return nil
    }

    /// The timestamp of field `name`, or nil when absent or not a timestamp.
    public func date(_ name: String) -> Date? {
        if case .date(let date)? = values[name] { return date }
        return nil
    }
}

/// A validated job. Construct it with `JobParser`.
public struct Job: Sendable {
    /// The schema version; always 1 here.
    public var version: Int
    public var kind: MailKind
    public var locale: JobLocale
    /// The recipient's address, already checked by `MailAddress`.
    public var to: String
    public var toName: String?
    public var loginID: String
    public var data: JobData
    /// The job object as it was read, kept so records can carry it unchanged.
    public let raw: [String: JSONValue]
}
