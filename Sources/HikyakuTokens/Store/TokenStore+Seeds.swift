// TokenStore+Seeds.swift — the worker's seeds: sealed into a spool record, trusted only with their MAC.

extension TokenStore {
    /// The MAC to keep beside a fresh `seed` in the job's record (`ServerSecret.seedMAC`).
    package func sealSeed(_ seed: [UInt8], binding: SeedBinding) -> String {
        secret.seedMAC(seed, binding: binding)
    }

    /// The seed to issue, revoke or look up the job's secret with: `seedText` (base64url) bound
    /// to `binding`, or nil when `mac` is missing or does not match — a seed written by anyone
    /// but this worker, for another job, or by a version before seeds were sealed. Never reuse such
    /// a seed: issue fresh.
    package func trustedSeed(_ seedText: String?, mac: String?, binding: SeedBinding) -> [UInt8]? {
        guard let seedText, let mac, let seed = Base64URL.decode(seedText), seed.count == ServerSecret.seedByteCount,
            secret.verifiesSeedMAC(mac, seed: seed, binding: binding)
        else { return nil }
        return secret.boundSeed(seed, to: binding)
    }

    /// The seed of a job's first issue, derived from its file (`ServerSecret.firstIssueSeed(for:)`):
    /// nothing needs writing before the send. Safe to re-derive while the store still remembers
    /// what that seed issued — at least `retryMargin` after the file was written, since a link's
    /// record or tombstone (and a code's issuance) is kept until `retryMargin` after it expires —
    /// so the worker derives only for files younger than that, and seals a random seed otherwise.
    package func firstIssueSeed(for identity: JobFileIdentity) -> [UInt8] {
        secret.firstIssueSeed(for: identity)
    }

    /// The job's rate-limit tag (`ServerSecret.jobTag(for:)`).
    package func jobTag(for identity: JobFileIdentity) -> UInt32 {
        secret.jobTag(for: identity)
    }
}
