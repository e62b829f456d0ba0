// MailKind.swift — one kind of mail, declared once: its data fields, template variables, secret and lifetime.
import Foundation

/// One kind of mail hikyaku sends, with everything the rest of hikyaku derives from it: how its
/// job's `data` is validated (`fields`), what its templates may use (`templateVariables`), which
/// secret it carries (`secret`) and for how long by default (`lifetime`).
///
/// The kinds hikyaku ships are declared in `MailKind+Catalogue.swift` and listed in
/// `MailCatalogue.standard`; adding a kind means declaring it there and writing its templates.
/// Two kinds are equal when their names are.
public struct MailKind: Sendable, Hashable, CustomStringConvertible {
    /// The variables every kind offers, and the only ones the shared partials may use.
    public static let commonVariables: Set<String> = ["to_name", "to", "login_id", "support"]

    /// The kind's name: the job's `kind`, the templates' directory, the metrics label.
    public let name: String
    /// The fields of the job's `data` object, validated in this order; no other field is accepted.
    public let fields: [MailField]
    /// The template variables made from `fields` (the secret's come from `secret`).
    public let variables: [MailVariable]
    /// The secret the mail carries.
    public let secret: MailSecret
    /// Seconds the secret stays valid unless the config's `lifetimes` says otherwise; nil when
    /// the kind carries no secret.
    public let lifetime: Int?
    /// Every name a template of this kind may use: common, the secret's and `variables`.
    public let templateVariables: Set<String>
    /// How many mails of this kind one login, and one recipient address, may be sent per window
    /// unless the config's `rate_limits` says otherwise; nil for no limit.
    public let rateLimit: RateLimit?
    /// Whether the mail is a notice the user did not ask for (a login, a removed address): a
    /// complaint about such mail suppresses notices to the address, never mail the user asks
    /// for (a reset, a code, an address change), so a spam click cannot lock anyone out.
    public let isNotice: Bool

    /// Declares a kind. `lifetime` must be given exactly when `secret` is not `.none`, and field
    /// and variable names must be unique (both checked: a declaration is code, not input).
    public init(
        name: String, fields: [MailField] = [], variables: [MailVariable] = [], secret: MailSecret = .none, lifetime: Int? = nil,
        rateLimit: RateLimit? = nil, isNotice: Bool = false
    ) {
        precondition((lifetime == nil) == (secret == .none), "mail kind \(name): a lifetime goes with a secret, and only with one")
        precondition(Set(fields.map(\.name)).count == fields.count, "mail kind \(name): a data field is declared twice")
        self.name = name
        self.fields = fields
        self.variables = variables
        self.secret = secret
        self.lifetime = lifetime
        self.rateLimit = rateLimit
        self.isNotice = isNotice
        let names = Self.commonVariables.union(secret.variables).union(variables.map(\.name))
        precondition(
            names.count == Self.commonVariables.count + secret.variables.count + variables.count,
            "mail kind \(name): a template variable is declared twice")
        self.templateVariables = names
    }

    /// Whether the worker issues a link or a one-time code for this kind.
    public var carriesSecret: Bool { secret != .none }

    /// The link purpose's name when the kind carries a link, else nil.
    public var linkPurpose: String? {
        if case .link(let purpose, _, _) = secret { return purpose }
        return nil
    }

    public var description: String { name }

    public static func == (lhs: MailKind, rhs: MailKind) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
