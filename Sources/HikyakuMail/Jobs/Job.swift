// Job.swift — one notification job as the web tier wrote it (schema version 1).
import Foundation

/// The five kinds of mail hikyaku sends.
public enum JobKind: String, Sendable, CaseIterable {
    case passwordReset = "password_reset"
    case loginNotice = "login_notice"
    case otpCode = "otp_code"
    case emailChange = "email_change"
    case deletionNotice = "deletion_notice"

    /// Whether the worker issues a link token for this kind.
    public var carriesLink: Bool { self == .passwordReset || self == .emailChange }
    /// Whether the worker issues a link or a one-time code for this kind.
    public var carriesSecret: Bool { carriesLink || self == .otpCode }
}

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

/// What `password_reset` mail is for.
public enum ResetPurpose: String, Sendable {
    /// "Forgot my password".
    case reset
    /// "Set your password" to a newly added address (seed 002).
    case initial
}

/// Kind-specific fields of a job.
public enum JobData: Sendable, Equatable {
    case passwordReset(purpose: ResetPurpose)
    case loginNotice(loggedInAt: Date, ip: String, userAgent: String?)
    case otpCode
    case emailChange(newEmail: String)
    case deletionNotice(removedAt: Date)
}

/// A validated job. Construct it with `JobParser`.
public struct Job: Sendable {
    /// The schema version; always 1 here.
    public var version: Int
    public var kind: JobKind
    public var locale: JobLocale
    /// The recipient's address, already checked by `MailAddress`.
    public var to: String
    public var toName: String?
    public var loginID: String
    public var data: JobData
    /// The job object as it was read, kept so records can carry it unchanged.
    public var raw: [String: Any] { rawStorage.value }
    let rawStorage: RawJSON

    init(version: Int, kind: JobKind, locale: JobLocale, to: String, toName: String?, loginID: String, data: JobData, raw: [String: Any]) {
        self.version = version
        self.kind = kind
        self.locale = locale
        self.to = to
        self.toName = toName
        self.loginID = loginID
        self.data = data
        self.rawStorage = RawJSON(raw)
    }
}

/// An immutable parsed JSON object, shareable across threads once built.
struct RawJSON: @unchecked Sendable {
    let value: [String: Any]
    init(_ value: [String: Any]) { self.value = value }
}
