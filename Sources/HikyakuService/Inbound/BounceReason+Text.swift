// BounceReason+Text.swift — the reason a remote MTA's words name, checked soft reasons first.

extension BounceReason {
    /// Phrases (lowercased) and their reasons, in order: the soft reasons come before the hard
    /// ones, so text that says both ("user unknown … over quota") never reads as hard.
    static let phrases: [(BounceReason, [String])] = [
        (
            .mailboxfull,
            [
                "mailbox full", "mailbox is full", "over quota", "quota exceeded", "exceeded storage", "mailbox size limit",
                "exceeds quota", "full mailbox", "user's mailbox is full", "insufficient disk space", "容量",
            ]
        ),
        (
            .suspend,
            [
                "account disabled", "account has been disabled", "mailbox disabled", "account is disabled", "is inactive",
                "suspended", "mailbox is disabled", "account is locked", "temporarily disabled",
            ]
        ),
        (.mesgtoobig, ["message too large", "message size exceeds", "message is too large", "too big", "size limit"]),
        (
            .blocked,
            [
                "spamhaus", "blacklist", "blocklist", "block list", "dnsbl", "listed in", "poor reputation",
                "client host rejected", "ip address rejected", "rejected due to ip", "blocked",
            ]
        ),
        (.spamdetected, ["spam", "junk mail", "unsolicited"]),
        (.authfailure, ["dmarc", "spf check", "dkim", "authentication failed", "not authenticated"]),
        (.filtered, ["filtered", "domain filter", "content filter", "refused by filter"]),
        (
            .policyviolation,
            [
                "policy", "not authorized", "prohibited", "relay access denied", "relaying denied",
                "relay not permitted",
            ]
        ),
        (
            .expired,
            [
                "retry timeout exceeded", "message expired", "delivery time expired", "too long in the queue",
                "could not be delivered within", "retry time not reached", "has been delayed for", "in the queue too long",
            ]
        ),
        (
            .networkerror,
            [
                "connection refused", "connection timed out", "network is unreachable", "lost connection",
                "no route to host", "temporary failure in name resolution", "timed out",
            ]
        ),
        (
            .systemerror,
            [
                "mail loop", "loops back to myself", "too many hops", "internal error", "system error",
                "local configuration error", "server configuration",
            ]
        ),
        (.notaccept, ["does not accept mail", "not accepting mail", "accepts no mail", "null mx"]),
        (.hasmoved, ["user has moved", "address has changed", "user not local; please try", "has moved to"]),
        (
            .hostunknown,
            [
                "host unknown", "host not found", "domain not found", "no such domain", "unrouteable mail domain",
                "domain does not exist", "name or service not known", "couldn't find any host", "host or domain name not found",
                "no mx record", "unrouteable address", "domain name not found",
            ]
        ),
        (
            .userunknown,
            [
                "user unknown", "unknown user", "no such user", "user not found", "no such mailbox",
                "mailbox not found", "recipient unknown", "unknown recipient", "invalid recipient", "recipient not found",
                "recipnotfound", "address couldn't be found", "account that you tried to reach does not exist",
                "does not exist", "no mailbox here", "doesn't have a", "not a valid mailbox", "user doesn't exist",
                "invalid mailbox", "unknown local part", "no such recipient",
                "address not found", "宛先不明", "存在しません",
            ]
        ),
    ]

    /// The reason `text` names, or nil when it names none.
    package static func from(text: String) -> BounceReason? {
        let lowered = text.lowercased()
        for (reason, list) in phrases where list.contains(where: { lowered.contains($0) }) {
            return reason
        }
        return nil
    }
}
