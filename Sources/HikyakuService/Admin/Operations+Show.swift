// Operations+Show.swift — `show`: one job, its attempts, and the state of its link or code (never the secret).
import Foundation
import HikyakuTokens
import HikyakuMail
import HikyakuSpool

/// Where a job's link or code stands in the token store. Never holds the token or the code.
public enum TokenReport: Sendable {
    /// The job carries a link: its state, or nil when none was issued (yet, since a replay, or
    /// it was swept).
    case link(LinkPurpose, LinkState?)
    /// The job carries a code: the login's OTP state, and whether this job has issued one.
    case otp(OTPStatus, issued: Bool)
    /// The state could not be read (no server secret yet, or a token-store error).
    case unavailable(String)
}

/// One job for `show`.
public struct JobDetail: Sendable {
    /// The job file as read.
    public let entry: SpoolEntry
    /// The token state, for jobs that carry a link or code; nil for the others.
    public let token: TokenReport?
}

extension Operations {
    /// Job `id` with its token state, or nil when no state holds it.
    public func show(id: String) -> JobDetail? {
        guard let entry = inventory.entry(id: id) else { return nil }
        return JobDetail(entry: entry, token: tokenReport(for: entry))
    }

    /// The token state of the entry's link or code, if its kind carries one.
    func tokenReport(for entry: SpoolEntry) -> TokenReport? {
        guard let record = entry.record, let kind = entry.kind.flatMap(catalogue.kind(named:)), kind.carriesSecret else { return nil }
        guard let tokens else { return .unavailable("no server secret yet, so no link or code was issued") }
        do {
            switch kind.tokenSecret {
            case .none:
                return nil
            case .code:
                guard let login = record.job["login_id"]?.stringValue, !login.isEmpty else {
                    return .unavailable("the job has no login_id")
                }
                return .otp(try tokens.otpStatus(loginID: login), issued: record.seed != nil)
            case .link(let purpose, _):
                guard let job = try? JobParser.parse(object: record.job, catalogue: catalogue),
                    let seed = record.derivationSeed(job: job, tokens: tokens)
                else { return .link(purpose, nil) }
                return .link(purpose, try tokens.linkState(seed: seed, purpose: purpose))
            }
        } catch {
            return .unavailable(error.description)
        }
    }
}
