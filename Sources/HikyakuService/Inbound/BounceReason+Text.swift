// BounceReason+Text.swift — the reason a remote MTA's words name, checked soft reasons first.

extension BounceReason {
    /// Phrases (lowercased) and their reasons, in order: the soft reasons come before the hard
    /// ones, so text that says both ("user unknown … over quota", "sender address rejected: domain
    /// not found") never reads as hard. Most phrases are the ones Sisimai matches for the reason.
    static let phrases: [(BounceReason, [String])] = [
        (
            .mailboxfull,
            [
                "mailbox full", "mailbox is full", "over quota", "quota exceeded", "exceeded storage", "mailbox size limit",
                "exceeds quota", "full mailbox", "user's mailbox is full", "insufficient disk space", "out of storage space",
                "inbox is full", "disk quota", "diskspace quota", "too much mail data", "mailfolder is full", "not enough storage",
                "does not have enough space", "over the allowed quota", "容量", "メールボックスがいっぱい",
            ]
        ),
        (
            .suspend,
            [
                "account disabled", "account has been disabled", "mailbox disabled", "account is disabled", "is inactive",
                "suspended", "mailbox is disabled", "account is locked", "temporarily disabled", "mailbox is frozen",
                "is a deactivated mailbox", "invalid/inactive user",
            ]
        ),
        (
            .mesgtoobig,
            ["message too large", "message size exceeds", "message is too large", "too big", "size limit", "max message size"]
        ),
        (.virusdetected, ["virus detected", "infected with a virus", "potentially executable attachment"]),
        (
            .rejected,
            [
                "sender rejected", "sender address rejected", "sender verify failed", "domain of sender address", "invalid sender",
                "sender is in my black list", "sender not pre-approved", "sender email address rejected", "null sender is not allowed",
                "empty envelope senders not allowed", "bogus mail from", "mail from not owned", "sender address has been blacklisted",
                "batv", "sender domain is empty", "sender is spammer",
            ]
        ),
        (
            .blocked,
            [
                "spamhaus", "blacklist", "blocklist", "block list", "dnsbl", "is listed in", "are listed in", "listed on",
                "poor reputation", "client host rejected", "ip address rejected", "rejected due to ip", "blocked", "banned sending ip",
                "host network not allowed", "reverse dns", "ptr record", "cannot find your hostname",
            ]
        ),
        (.spamdetected, ["spam", "junk mail", "unsolicited", "bulk email", "content filter rejection"]),
        (.authfailure, ["dmarc", "spf check", "dkim", "authentication failed", "not authenticated", "unauthenticated email"]),
        (
            .filtered,
            [
                "filtered", "domain filter", "content filter", "refused by filter", "resolver.rst.notauthorized",
                "accept messages only from certain senders", "only accepting mail from specific", "user reject",
                "refused due to recipient preferences", "message rejected due to user rules",
            ]
        ),
        (
            .norelaying,
            [
                "relay access denied", "relaying denied", "relay not permitted", "relay denied", "not permitted to relay",
                "unable to relay", "we don't handle mail for", "not allowed to relay",
            ]
        ),
        (
            .securityerror,
            ["authentication required", "turn on smtp authentication", "tls required", "encryption required"]
        ),
        (.policyviolation, ["policy", "not authorized", "prohibited"]),
        (.toomanyconn, ["too many connections", "too many recipients", "connection rate limit", "too many concurrent"]),
        (
            .expired,
            [
                "retry timeout exceeded", "message expired", "delivery time expired", "too long in the queue",
                "could not be delivered within", "retry time not reached", "has been delayed for", "in the queue too long",
                "retry time exceeded", "message timed out", "connection timed out", "unable to deliver message after multiple retries",
            ]
        ),
        (
            .networkerror,
            [
                "connection refused", "network is unreachable", "lost connection", "no route to host",
                "temporary failure in name resolution", "timed out", "host not found, try again", "unrouteable mail domain",
                "host is unreachable", "malformed or unexpected name server reply",
            ]
        ),
        (
            .systemerror,
            [
                "mail loop", "loops back to myself", "too many hops", "internal error", "system error",
                "local configuration error", "server configuration",
            ]
        ),
        (.notaccept, ["does not accept mail", "accepts no mail", "null mx"]),
        (.hasmoved, ["user has moved", "address has changed", "user not local; please try", "has moved to", "has been replaced by"]),
        (
            .hostunknown,
            [
                "host unknown", "unknown host", "host not found", "domain not found", "no such domain", "domain does not exist",
                "name or service not known", "couldn't find any host", "host or domain name not found", "no mx record",
                "unrouteable address", "unroutable address", "domain name not found", "domain must exist",
                "nonexistentdomain", "ホストが見つかりません", "ドメインが存在しません",
            ]
        ),
        (
            .userunknown,
            [
                "user unknown", "unknown user", "no such user", "user not found", "no such mailbox",
                "mailbox not found", "recipient unknown", "unknown recipient", "invalid recipient", "recipient not found",
                "recipnotfound", "recipientnotfound", "address couldn't be found", "account that you tried to reach does not exist",
                "does not exist", "no mailbox here", "doesn't have a", "not a valid mailbox", "user doesn't exist",
                "invalid mailbox", "unknown local part", "no such recipient", "no such person",
                "address not found", "recipient address rejected: access denied", "not listed in domino directory", "user (<>) unknown",
                "not listed in public name & address book", "宛先不明", "存在しません",
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
