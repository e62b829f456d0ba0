// ReturnPathKey.swift — the keys VERP tags are made and checked with, each named by a one-character id.
import HikyakuBase
import HikyakuTokens

/// One key of VERP tags: the HMAC-SHA256 key a server secret derives for them
/// (`HMAC(secret, "hikyaku/v1/return-path")`, never the secret itself), and its id, one character
/// of the tag alphabet taken from a fingerprint of the key. A tag names the key it was made
/// under, so a tag of another secret is refused by its id before any MAC is compared.
package struct ReturnPathKey: Sendable {
    /// The id character (ASCII, one of `ReturnPathTag.alphabet`).
    package let id: UInt8
    let mac: HMACSHA256

    /// The key derived from `secret`.
    package init(secret: ServerSecret) {
        self.init(mac: secret.returnPathKey)
    }

    /// The key keyed by `mac` (a server secret's `returnPathKey`); its id is the first five bits
    /// of `HMAC(key, "hikyaku/v1/return-path/key-id")`.
    package init(mac: HMACSHA256) {
        self.mac = mac
        self.id = ReturnPathTag.alphabet[Int(mac.authenticationCode(for: "hikyaku/v1/return-path/key-id")[0] >> 3)]
    }

    /// The id as a one-character string (for documentation, tests and operators).
    package var idCharacter: String { String(decoding: [id], as: UTF8.self) }
}

/// The keys a verifier accepts: the current secret's, then those of earlier secrets still
/// honoured (`return_path_previous_secret_file`), so bounces of mail sent before the secret
/// changed still verify for as long as the old secret is kept.
package struct ReturnPathKeys: Sendable {
    /// The key new tags are made with.
    package let current: ReturnPathKey
    /// Keys of earlier secrets, accepted for verification only.
    package let previous: [ReturnPathKey]

    package init(current: ReturnPathKey, previous: [ReturnPathKey] = []) {
        self.current = current
        self.previous = previous
    }

    /// The keys whose id is `id` (usually one; two secrets share an id one time in 32).
    func keys(id: UInt8) -> [ReturnPathKey] {
        ([current] + previous).filter { $0.id == id }
    }
}
