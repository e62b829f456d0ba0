// MailCatalogue.swift — the list of mail kinds one hikyaku knows, and what derives from the whole list.

/// The mail kinds a parser, a template library, a linter or the service works with, in a stable
/// order (job errors, template checks, metrics and the gallery list them in it).
///
/// `standard` is the list hikyaku ships; a test or an embedding program may extend it with
/// `adding(_:)` and hand the result to `JobParser`, `TemplateLibrary` and `TemplateLinter`.
public struct MailCatalogue: Sendable {
    /// The kinds, in order.
    public let kinds: [MailKind]
    private let byName: [String: MailKind]

    /// A catalogue of `kinds`; their names must be unique (a declaration is code, not input).
    public init(_ kinds: [MailKind]) {
        self.kinds = kinds
        self.byName = Dictionary(kinds.map { ($0.name, $0) }) { first, _ in
            preconditionFailure("mail kind \(first.name) is declared twice")
        }
    }

    /// This catalogue with `kind` appended.
    public func adding(_ kind: MailKind) -> MailCatalogue { MailCatalogue(kinds + [kind]) }

    /// The kind named `name`, or nil.
    public func kind(named name: String) -> MailKind? { byName[name] }

    /// The kinds' names, in order.
    public var names: [String] { kinds.map(\.name) }

    /// Every variable `kind` offers its templates, or nil for an unknown kind.
    public func templateVariables(for kind: String) -> Set<String>? { byName[kind]?.templateVariables }

    /// The declared default lifetime in seconds per kind that carries a secret.
    public var lifetimes: [String: Int] {
        Dictionary(kinds.compactMap { kind in kind.lifetime.map { (kind.name, $0) } }) { first, _ in first }
    }

    /// Each limited kind's declared rate limit, by kind name.
    public var rateLimits: [String: RateLimit] {
        Dictionary(uniqueKeysWithValues: kinds.compactMap { kind in kind.rateLimit.map { (kind.name, $0) } })
    }

    /// The link purposes the kinds carry, in order of first declaration.
    public var linkPurposes: [String] {
        var seen = Set<String>()
        return kinds.compactMap(\.linkPurpose).filter { seen.insert($0).inserted }
    }

    /// The declared link path per kind that carries a link (the config's `links` may replace them).
    public var linkPaths: [String: String] {
        var paths: [String: String] = [:]
        for kind in kinds {
            if case .link(_, let path, _) = kind.secret { paths[kind.name] = path }
        }
        return paths
    }
}
