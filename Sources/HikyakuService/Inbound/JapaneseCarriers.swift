// JapaneseCarriers.swift — the mobile carriers whose "550 Unknown user" means a domain filter, not a dead address.
import Foundation

/// Japanese mobile carriers answer `550 Unknown user` when the subscriber's domain filter
/// refuses the sender, so an "unknown user" there is `filtered` (soft), never hard.
package enum JapaneseCarriers {
    /// The carriers' mail domains (a subdomain counts too).
    package static let domains: [String] = [
        "docomo.ne.jp", "mopera.net", "dwmail.jp", "ezweb.ne.jp", "au.com", "biz.ezweb.ne.jp", "biz.au.com", "uqmobile.jp",
        "softbank.ne.jp", "i.softbank.jp", "vodafone.ne.jp", "disney.ne.jp", "ymobile.ne.jp", "ymobile1.ne.jp", "y-mobile.ne.jp",
        "emnet.ne.jp", "willcom.com", "wcm.ne.jp", "pdx.ne.jp", "rakumail.jp", "rakuten.jp", "povo.jp", "ahamo.jp",
    ]

    /// Whether `address` is at one of the carriers.
    package static func contains(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return false }
        return isCarrierHost(String(address[address.index(after: at)...]))
    }

    /// Whether `host` (a domain, or a carrier's MX such as `mfsmax.docomo.ne.jp`) is one of the carriers'.
    package static func isCarrierHost(_ host: String) -> Bool {
        let domain = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        return domains.contains { domain == $0 || domain.hasSuffix("." + $0) }
    }
}
