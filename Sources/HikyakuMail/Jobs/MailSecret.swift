// MailSecret.swift — the secret a mail kind carries: none, a one-time link with its purpose, or a one-time code.

/// What the worker issues for one job of a kind, and the template variables that come with it.
public enum MailSecret: Sendable, Hashable {
    /// No secret (login and deletion notices).
    case none
    /// A one-time link for `purpose` (the token store's `LinkPurpose` of that name, mapped in
    /// the service; several kinds may share one). `path` is the kind's default path under
    /// `base_url` (`{token}` is replaced by the token; the config's `links.<kind>` replaces it).
    /// The link is bound to the recipient and to the addresses in the data fields `binding` names.
    case link(purpose: String, path: String, binding: [String] = [])
    /// A one-time code.
    case code

    /// The template variables the secret offers.
    public var variables: [String] {
        switch self {
        case .none: return []
        case .link: return ["link", "deadline", "validity", "valid_minutes"]
        case .code: return ["code", "deadline", "validity", "valid_minutes"]
        }
    }
}
