// ServerSecret.swift — the server's private key material, and the per-purpose keys derived from it.

/// The server secret: at least 32 random bytes kept in `secret_file`, from which every key is
/// derived (see `load(path:createIfMissing:)` for how the file is created and checked).
///
/// Derivation (HMAC-SHA256 throughout):
/// - digest key for a purpose: `HMAC(secret, "hikyaku/v1/digest/" + purpose)`, one each for
///   `password_reset`, `email_change` and `otp_code`;
/// - derivation key: `HMAC(secret, "hikyaku/v1/derive")`, used by `linkToken(seed:)` and
///   `otpCode(seed:)`;
/// - binding key: `HMAC(secret, "hikyaku/v1/bind")`, used by `boundSeed(_:to:)`;
/// - seal key: `HMAC(secret, "hikyaku/v1/seed-mac")`, used by `seedMAC(_:binding:)`;
/// - return-path key: `HMAC(secret, "hikyaku/v1/return-path")`, keys the VERP tags of envelope
///   senders (`ReturnPathTag` in the service) and nothing else;
/// - first-issue key: `HMAC(secret, "hikyaku/v1/first-seed")`, derives the seed of a job's first
///   issue from the job file itself (`firstIssueSeed(for:)`) and the job's rate-limit tag.
///
/// Only the derived keys are kept in memory. `description` and reflection are redacted, and
/// nothing here ever logs or writes the secret anywhere but its own file.
public struct ServerSecret: Sendable, CustomStringConvertible, CustomReflectable {
    /// Fewest bytes a secret may have (256 bits).
    public static let minimumByteCount = 32
    /// Most bytes a secret file may have; a larger file is surely the wrong file.
    public static let maximumByteCount = 4096
    /// Length of a job seed and of a newly created secret.
    public static let seedByteCount = 32
    /// The digest purpose of OTP codes (links use `LinkPurpose.rawValue`).
    static let otpPurpose = "otp_code"

    /// Keys `deriveKey(link || seed)` and `deriveKey(otp || seed || counter)`.
    let deriveKey: HMACSHA256
    /// Keys `boundSeed(_:to:)`: a job's seed bound to its id, purpose, login and addresses.
    let bindKey: HMACSHA256
    /// Keys `seedMAC(_:binding:)`: the MAC a spool record's seed must carry to be trusted.
    let sealKey: HMACSHA256
    /// Keys the MAC of a VERP tag (`bounces+TAG@…`): a bounce is tied to its job only when it verifies.
    package let returnPathKey: HMACSHA256
    /// Keys `firstIssueSeed(for:)` and `jobTag(for:)`: a job's first seed, derived from its file.
    let firstIssueKey: HMACSHA256
    /// One digest key per purpose: `password_reset`, `email_change`, `otp_code`.
    private let digestKeys: [String: HMACSHA256]

    /// Uses `bytes` as the secret (tests, or a secret obtained elsewhere).
    /// Throws `badInput` if `bytes` is shorter than `minimumByteCount`.
    public init(bytes: [UInt8]) throws(TokenError) {
        guard bytes.count >= Self.minimumByteCount else {
            throw .badInput(field: "secret", problem: "\(bytes.count) bytes (need at least \(Self.minimumByteCount))")
        }
        self.init(validated: bytes)
    }

    /// Derives the keys from bytes already checked for length.
    init(validated bytes: [UInt8]) {
        let root = HMACSHA256(key: bytes)
        deriveKey = HMACSHA256(key: root.authenticationCode(for: "hikyaku/v1/derive"))
        bindKey = HMACSHA256(key: root.authenticationCode(for: "hikyaku/v1/bind"))
        sealKey = HMACSHA256(key: root.authenticationCode(for: "hikyaku/v1/seed-mac"))
        returnPathKey = HMACSHA256(key: root.authenticationCode(for: "hikyaku/v1/return-path"))
        firstIssueKey = HMACSHA256(key: root.authenticationCode(for: "hikyaku/v1/first-seed"))
        var keys: [String: HMACSHA256] = [:]
        for purpose in LinkPurpose.allCases.map(\.rawValue) + [Self.otpPurpose] {
            keys[purpose] = HMACSHA256(key: root.authenticationCode(for: "hikyaku/v1/digest/" + purpose))
        }
        digestKeys = keys
    }

    /// The hex digest stored for `text` (a token or a code) under `purpose`'s key.
    func digestHex(purpose: String, of text: String) -> String {
        guard let key = digestKeys[purpose] else {
            preconditionFailure("no digest key for purpose \(purpose)")
        }
        return Base16.encode(key.authenticationCode(for: text))
    }

    /// Never shows key material.
    public var description: String { "ServerSecret(redacted)" }

    /// Hides the derived keys from `dump` and debuggers' reflection.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
