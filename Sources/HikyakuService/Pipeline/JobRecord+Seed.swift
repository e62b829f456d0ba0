// JobRecord+Seed.swift — a job's seed sealed into its record, trusted back only with its MAC.
import HikyakuTokens
import HikyakuMail
import HikyakuSpool

extension Job {
    /// What the secret of this job, spooled under `id`, is bound to: the id, the purpose, the
    /// login and the recipient (for a link, then its other bound addresses). Nil for a kind
    /// without a secret.
    func seedBinding(id: String) -> SeedBinding? {
        switch kind.tokenSecret {
        case .none:
            return nil
        case .code:
            return SeedBinding(jobID: id, purpose: SeedBinding.otpPurpose, loginID: loginID, addresses: [to])
        case .link(let purpose, let binding):
            return SeedBinding(
                jobID: id, purpose: purpose.rawValue, loginID: loginID, addresses: MailKind.boundAddresses(of: self, binding: binding))
        }
    }
}

extension JobRecord {
    /// Keeps a fresh `seed` for `job` with its MAC (`seed_mac`), so a retry may trust it.
    mutating func seal(_ seed: [UInt8], job: Job, tokens: TokenStore) {
        guard let binding = job.seedBinding(id: id) else { return }
        self.seed = Base64URL.encode(seed)
        seedMAC = tokens.sealSeed(seed, binding: binding)
    }

    /// The seed `job`'s link or code is issued, revoked and looked up with (bound to the job), or
    /// nil when the record has none, or one whose MAC does not verify: a seed this worker did not
    /// seal for this very job (copied from another record, or written before seeds were sealed).
    func derivationSeed(job: Job, tokens: TokenStore) -> [UInt8]? {
        guard let binding = job.seedBinding(id: id) else { return nil }
        return tokens.trustedSeed(seed, mac: seedMAC, binding: binding)
    }

    /// Drops the seed and its times: the next attempt issues afresh, from a new random seed.
    mutating func forgetSeed() {
        seed = nil
        seedMAC = nil
        issuedAt = nil
        expiresAt = nil
    }
}
