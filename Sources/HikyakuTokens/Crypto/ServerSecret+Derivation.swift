// ServerSecret+Derivation.swift — seeds, and the link tokens and OTP codes derived from them.

extension ServerSecret {
    /// Values at or above this are rejected when drawing an OTP code: it is the largest multiple
    /// of 1,000,000 that fits in a UInt32, so `value % 1_000_000` is exactly uniform below it.
    static let otpRejectionBound: UInt32 = 4_294_000_000

    /// A fresh 32-byte seed from `SystemRandomNumberGenerator`. The worker draws one per job
    /// issuance and keeps only the seed (with its `seedMAC`) in the job's spool record; the token
    /// or code is re-derived from it, bound to the job (`boundSeed(_:to:)`), on every attempt, so a
    /// retried job resends the same link.
    public static func randomSeed() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var seed = [UInt8]()
        seed.reserveCapacity(seedByteCount)
        while seed.count < seedByteCount {
            withUnsafeBytes(of: generator.next() as UInt64) { seed.append(contentsOf: $0) }
        }
        return Array(seed.prefix(seedByteCount))
    }

    /// The link token for `seed`: `base64url(HMAC(deriveKey, "link" || seed))`, 43 characters
    /// carrying 256 bits. Deterministic: the same secret and seed always give the same token.
    public func linkToken(seed: [UInt8]) -> String {
        Base64URL.encode(deriveKey.authenticationCode(for: Array("link".utf8) + seed))
    }

    /// The 6-digit OTP code for `seed`, uniform over 000000–999999 and zero-padded.
    ///
    /// For counter = 0, 1, 2, … (a 4-byte big-endian suffix): take the first 4 bytes of
    /// `HMAC(deriveKey, "otp" || seed || counter)` as a big-endian UInt32; if it is below
    /// 4,294,000,000 the code is that value mod 1,000,000, otherwise try the next counter.
    public func otpCode(seed: [UInt8]) -> String {
        var counter: UInt32 = 0
        while true {
            let value = otpDraw(seed: seed, counter: counter)
            if value < Self.otpRejectionBound {
                let digits = String(value % 1_000_000)
                return String(repeating: "0", count: 6 - digits.count) + digits
            }
            counter &+= 1
        }
    }

    /// One rejection-sampling draw: the leading UInt32 of `HMAC(deriveKey, "otp" || seed || counter)`.
    func otpDraw(seed: [UInt8], counter: UInt32) -> UInt32 {
        let suffix = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: counter >> UInt32($0)) }
        let mac = deriveKey.authenticationCode(for: Array("otp".utf8) + seed + suffix)
        return UInt32(mac[0]) << 24 | UInt32(mac[1]) << 16 | UInt32(mac[2]) << 8 | UInt32(mac[3])
    }
}
