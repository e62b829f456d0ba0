// BounceReason.swift — the fixed taxonomy of why mail did not arrive, and which reasons mean the address is dead.

/// Why a recipient's mail failed: Sisimai's reason names. Only `userunknown`, `hostunknown`,
/// `hasmoved` and a permanent `notaccept` are hard: calling a live address dead is the costly
/// error, so everything else, and anything unsure, is soft.
package enum BounceReason: String, Sendable, CaseIterable {
    case userunknown, hostunknown, hasmoved, notaccept
    case mailboxfull, suspend, filtered, blocked, spamdetected, virusdetected, policyviolation, authfailure, rejected
    case norelaying, mesgtoobig, exceedlimit, contenterror, expired, systemerror, systemfull, networkerror, mailererror
    case syntaxerror, toomanyconn, speeding, securityerror, vacation, feedback, delivered, undefined

    /// Whether a permanent failure for this reason means the address is dead.
    package var isHard: Bool { [.userunknown, .hostunknown, .hasmoved, .notaccept].contains(self) }

    /// The reason an enhanced status code (RFC 3463, RFC 5248's registry) names, or nil when it
    /// names none (`X.0.0`, `X.1.0`, unknown codes). The class digit decides whether the failure
    /// is permanent; it changes the reason only where a transient code means something else
    /// (`4.2.0` names no reason, `4.4.4` is a routing failure, `4.7.1` a refusal to try later).
    package static func from(status: String) -> BounceReason? {
        let pieces = status.split(separator: ".")
        guard pieces.count == 3 else { return nil }
        let subject = "\(pieces[1]).\(pieces[2])"
        if pieces[0] == "4", let transient = transientSubject[subject] { return transient }
        return bySubject[subject]
    }

    private static let transientSubject: [String: BounceReason?] = ["2.0": .none, "4.4": .networkerror, "7.1": .blocked]

    private static let bySubject: [String: BounceReason] = [
        "1.1": .userunknown, "1.3": .userunknown, "1.2": .hostunknown, "1.6": .hasmoved, "1.10": .notaccept,
        "1.7": .rejected, "1.8": .rejected, "1.4": .filtered, "1.9": .systemerror,
        // X.2.0: "the mailbox exists, but something about it caused this DSN" (Sisimai: filtered).
        "2.0": .filtered, "2.1": .suspend, "2.2": .mailboxfull, "2.3": .exceedlimit, "2.4": .filtered,
        "3.0": .systemerror, "3.1": .systemfull, "3.2": .notaccept, "3.3": .systemerror, "3.4": .mesgtoobig, "3.5": .systemerror,
        "4.0": .networkerror, "4.1": .expired, "4.2": .networkerror, "4.3": .systemerror, "4.4": .hostunknown,
        "4.5": .systemfull, "4.6": .networkerror, "4.7": .expired,
        "5.0": .syntaxerror, "5.1": .syntaxerror, "5.2": .syntaxerror, "5.3": .toomanyconn, "5.4": .syntaxerror,
        "5.5": .systemerror, "5.6": .securityerror,
        "6.0": .contenterror, "6.1": .contenterror, "6.2": .contenterror, "6.3": .contenterror, "6.4": .contenterror,
        "6.5": .contenterror, "6.6": .contenterror, "6.7": .contenterror, "6.8": .contenterror, "6.9": .contenterror,
        "6.10": .contenterror,
        "7.0": .securityerror, "7.1": .policyviolation, "7.2": .securityerror, "7.3": .securityerror, "7.4": .securityerror,
        "7.5": .securityerror, "7.6": .securityerror, "7.7": .securityerror, "7.8": .securityerror, "7.9": .securityerror,
        "7.10": .securityerror, "7.11": .securityerror, "7.12": .securityerror, "7.13": .suspend, "7.14": .securityerror,
        "7.15": .securityerror, "7.16": .mesgtoobig, "7.17": .hasmoved, "7.18": .hasmoved,
        "7.19": .authfailure, "7.20": .authfailure, "7.21": .authfailure, "7.22": .authfailure, "7.23": .authfailure,
        "7.24": .authfailure, "7.25": .blocked, "7.26": .authfailure, "7.27": .rejected,
    ]
}
