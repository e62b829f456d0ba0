// MailKind+Tokens.swift — the one place a mail kind's declared secret becomes the token store's terms.
import HikyakuMail
import HikyakuTokens

/// A kind's secret as the token store issues, revokes and reports it.
enum TokenSecret: Equatable {
    /// The kind carries no secret.
    case none
    /// A link for `purpose`, bound to the recipient and the addresses in the data fields `binding`.
    case link(LinkPurpose, binding: [String])
    /// A one-time code.
    case code
}

extension MailKind {
    /// The kind's secret in the token store's terms. A link purpose the token store does not have
    /// (it needs its own digest key: a `LinkPurpose` case) is a declaration error and stops the
    /// process; `MailKindTokenTests` checks every standard kind.
    var tokenSecret: TokenSecret {
        switch secret {
        case .none: return .none
        case .code: return .code
        case .link(let name, _, let binding):
            guard let purpose = LinkPurpose(rawValue: name) else {
                preconditionFailure("mail kind \(self.name) declares link purpose \(name), which HikyakuTokens' LinkPurpose lacks")
            }
            return .link(purpose, binding: binding)
        }
    }

    /// The addresses `job`'s link is bound to: its recipient, then those of the `binding` fields.
    static func boundAddresses(of job: Job, binding: [String]) -> [String] {
        [job.to] + binding.compactMap { job.data.text($0) }
    }
}
