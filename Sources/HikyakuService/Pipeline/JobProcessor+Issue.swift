// JobProcessor+Issue.swift — a batch's links and codes issued in one token-store batch, and what came back.
import Foundation
import HikyakuTokens
import HikyakuMail
import HikyakuSpool
import Synchronization

extension JobProcessor {
    /// The token store's answer for each admitted job that carries a secret, all issued in one batch.
    func issueAll(_ admitted: [Admitted]) -> [Int: Result<Issuance, any Error>] {
        let wanted = admitted.indices.filter { admitted[$0].job.kind.carriesSecret }
        guard !wanted.isEmpty else { return [:] }
        do {
            return try tokens.batch { batch in
                var results: [Int: Result<Issuance, any Error>] = [:]
                for index in wanted {
                    let record = admitted[index].record, job = admitted[index].job
                    guard let seed = record.derivationSeed(job: job, tokens: tokens) else {
                        results[index] = .failure(
                            TokenError.corruptRecord(path: "spool record \(record.id)", problem: "seed is missing or not sealed"))
                        continue
                    }
                    results[index] = batch.run { store throws(TokenError) in try issue(store, job: job, record: record, seed: seed) }
                        .mapError { $0 as any Error }
                }
                return Self.supersededWithinBatch(results, admitted: admitted)
            }
        } catch {
            return Dictionary(uniqueKeysWithValues: wanted.map { ($0, .failure(error)) })
        }
    }

    /// Two jobs of one batch for the same login and kind (a double click on "resend"): the later
    /// active issue superseded the earlier ones, which must not be mailed.
    private static func supersededWithinBatch(_ results: [Int: Result<Issuance, any Error>], admitted: [Admitted]) -> [Int: Result<
        Issuance, any Error
    >] {
        var results = results
        var latest: Set<String> = []
        for index in results.keys.sorted(by: >) {
            guard case .success(let issuance)? = results[index], issuance.isActive else { continue }
            let key = admitted[index].job.kind.name + "\u{0}" + admitted[index].job.loginID
            if !latest.insert(key).inserted { results[index] = .failure(DeadSecret(status: "superseded")) }
        }
        return results
    }

    /// A first issue's seed derived from the job file, or nil when the file was written longer
    /// ago than re-deriving is safe for (`TokenStore.firstIssueSeed(for:)`: the store forgets
    /// a seed's issue `retryMargin` after it expires at the earliest), or dated ahead of the
    /// clock by more than `clockSlack`: then the job gets a random seed, written before the send.
    func firstIssueSeed(_ entry: Admitted) -> [UInt8]? {
        guard let identity = entry.identity else { return nil }
        let age = entry.started.timeIntervalSince1970 - Double(identity.modifiedNanoseconds) / 1e9
        guard age >= -Self.clockSlack, age < TokenStore.retryMargin - Self.clockSlack else { return nil }
        return tokens.firstIssueSeed(for: identity)
    }

    /// How far a job file's time may be ahead of the worker's clock (or the margin made up for it).
    static let clockSlack: TimeInterval = 60

    /// Issues (or re-derives) one job's link or code in `store` (a batch's view); `seed` is bound to the job.
    private func issue(_ store: TokenStore, job: Job, record: JobRecord, seed: [UInt8]) throws(TokenError) -> Issuance {
        let lifetime = TimeInterval(config.lifetime(for: job.kind))
        switch job.kind.tokenSecret {
        case .none:
            // `issueAll` asks only for kinds that carry a secret.
            throw .badInput(field: "kind", problem: "\(job.kind.name) carries no link or code")
        case .code:
            return .code(try store.issueOTP(loginID: job.loginID, seed: seed, lifetime: lifetime, jobID: record.id))
        case .link(let purpose, let binding):
            let emails = MailKind.boundAddresses(of: job, binding: binding)
            return .link(
                try store.issueLink(
                    purpose: purpose, loginID: job.loginID, emails: emails, seed: seed, lifetime: lifetime, jobID: record.id))
        }
    }
}

/// What the token store issued for one job.
enum Issuance {
    case link(IssuedLink)
    case code(IssuedCode)

    var isActive: Bool {
        switch self {
        case .link(let link): link.status == .active
        case .code(let code): code.status == .active
        }
    }

    /// When the store recorded the issue, and when it ends.
    var issuedAt: Date {
        switch self {
        case .link(let link): link.issuedAt
        case .code(let code): code.issuedAt
        }
    }

    var expiresAt: Date {
        switch self {
        case .link(let link): link.expiresAt
        case .code(let code): code.expiresAt
        }
    }
}

/// What the two halves of a batch's durable step found (each written by one of them).
final class BatchResults: Sendable {
    private let seeds = Mutex<[String: SpoolError]>([:])
    private let issues = Mutex<[Int: Result<Issuance, any Error>]>([:])

    var seedErrors: [String: SpoolError] {
        get { seeds.withLock { $0 } }
        set { seeds.withLock { $0 = newValue } }
    }

    var issued: [Int: Result<Issuance, any Error>] {
        get { issues.withLock { $0 } }
        set { issues.withLock { $0 = newValue } }
    }
}
