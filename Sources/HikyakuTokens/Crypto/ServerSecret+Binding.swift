// ServerSecret+Binding.swift — a seed bound to its job, and the MAC that lets a spool record's seed be trusted.

extension ServerSecret {
    /// The seed links and codes are derived from for `binding`:
    /// `HMAC(bindKey, seed || binding.encoded)`, 32 bytes. The worker passes this, never the raw
    /// seed, to `issueLink`, `issueOTP`, `revoke` and `linkState`.
    package func boundSeed(_ seed: [UInt8], to binding: SeedBinding) -> [UInt8] {
        bindKey.authenticationCode(for: seed + binding.encoded)
    }

    /// The record's `seed_mac`: `base64url(HMAC(sealKey, seed || binding.encoded))`. A seed found in
    /// a spool file is used only when this matches; anyone can write a seed, only the worker a MAC.
    package func seedMAC(_ seed: [UInt8], binding: SeedBinding) -> String {
        Base64URL.encode(sealKey.authenticationCode(for: seed + binding.encoded))
    }

    /// Whether `mac` is `seedMAC(seed, binding:)`, compared in constant time.
    package func verifiesSeedMAC(_ mac: String, seed: [UInt8], binding: SeedBinding) -> Bool {
        ConstantTime.equals(mac, seedMAC(seed, binding: binding))
    }
}
