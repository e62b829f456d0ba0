// BounceReason.swift — the fixed taxonomy of why mail did not arrive, and which reasons mean the address is dead.

/// Why a recipient's mail failed. Only `userunknown`, `hostunknown`, `hasmoved` and a permanent
/// `notaccept` are hard: calling a live address dead is the costly error, so everything else,
/// and anything unsure, is soft.
package enum BounceReason: String, Sendable, CaseIterable {
    case userunknown, hostunknown, hasmoved, notaccept
    case mailboxfull, suspend, filtered, blocked, spamdetected, policyviolation, authfailure, rejected
    case mesgtoobig, contenterror, expired, systemerror, systemfull, networkerror, syntaxerror
    case toomanyconn, speeding, securityerror, vacation, feedback, delivered, undefined

    /// Whether a permanent failure for this reason means the address is dead.
    package var isHard: Bool { [.userunknown, .hostunknown, .hasmoved, .notaccept].contains(self) }

    /// The reason an enhanced status code names, or nil when it names none (`X.0.0`, unknown codes).
    package static func from(status: String) -> BounceReason? {
        let pieces = status.split(separator: ".")
        guard pieces.count == 3 else { return nil }
        switch "\(pieces[1]).\(pieces[2])" {
        case "1.1", "1.3": return .userunknown
        case "1.2": return .hostunknown
        case "1.6": return .hasmoved
        case "1.10", "3.2": return .notaccept
        case "1.7", "1.8", "7.27": return .rejected
        case "2.1": return .suspend
        case "2.2", "3.1": return .mailboxfull
        case "2.3", "3.4": return .mesgtoobig
        case "3.0", "3.5", "2.4", "4.3": return .systemerror
        case "4.7": return .expired
        case "4.1", "4.2", "4.4", "4.6", "4.0": return .networkerror
        case "4.5": return .systemfull
        case "5.3": return .syntaxerror
        case "6.0", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6": return .contenterror
        case "7.0", "7.2", "7.3": return .securityerror
        case "7.1": return .policyviolation
        case "7.23", "7.24", "7.25", "7.26": return .authfailure
        case "7.13": return .suspend
        case "7.19", "7.20", "7.21", "7.22": return .authfailure
        default: return nil
        }
    }
}
