// TokenStore+OTP.swift — one-time codes: issue, verify with a failure lock, unlock, status.
import Foundation

extension TokenStore {
    /// Issues (or, for a seed already used, re-derives) the 6-digit code for `loginID`.
    ///
    /// The code is `secret.otpCode(seed:)`; only its digest is stored. A login has one active
    /// code: a new issuance replaces the previous one. Idempotent per seed: a retry returns the
    /// same code with its original times and current status (`superseded` if a newer code was
    /// issued since — do not mail that). Issuing never clears a lock or the failure count, and a
    /// locked login is issued nothing: the answer has `isLocked` set and status `revoked`, and
    /// no code is recorded (mail none; after `unlockOTP` a new issuance works).
    /// Throws `badSeed`, `badInput`, `io` or `corruptRecord`.
    public func issueOTP(
        loginID: String, seed: [UInt8], lifetime: TimeInterval,
        jobID: String
    ) throws(TokenError) -> IssuedCode {
        try check(seed: seed)
        let seconds = try check(loginID: loginID, lifetime: lifetime)
        let code = secret.otpCode(seed: seed)
        let digest = secret.digestHex(purpose: ServerSecret.otpPurpose, of: code)
        let issue = secret.digestHex(purpose: ServerSecret.otpPurpose, of: "issue/" + Base64URL.encode(seed))

        return try storage.withLock(exclusive: true) { () throws(TokenError) -> IssuedCode in
            let now = now()
            var record = try storage.otpRecord(loginID: loginID) ?? OTPRecord(loginID: loginID, updatedAt: now)
            // A retry of the current issuance: report it as it stands.
            if record.issue == issue, let issuedAt = record.issuedAt, let expiresAt = record.expiresAt {
                return IssuedCode(
                    code: code, issuedAt: issuedAt, expiresAt: expiresAt,
                    status: record.usedAt == nil ? .active : .used, isLocked: record.locked)
            }
            // A late retry of a replaced issuance: never bring its code back.
            if let past = record.previous.first(where: { $0.issue == issue }) {
                return IssuedCode(
                    code: code, issuedAt: past.issuedAt, expiresAt: past.expiresAt,
                    status: .superseded, isLocked: record.locked)
            }
            // A locked login gets no code: one issued now would work the moment it is unlocked.
            if record.locked {
                return IssuedCode(
                    code: code, issuedAt: now, expiresAt: now.addingTimeInterval(seconds), status: .revoked, isLocked: true)
            }
            // A new issuance replaces the current one; the failure count stays.
            record.withdrawCurrent()
            record.digest = digest
            record.issue = issue
            record.issuedAt = now
            record.expiresAt = now.addingTimeInterval(seconds)
            record.usedAt = nil
            record.jobID = jobID
            record.updatedAt = now
            try storage.writeOTPRecord(record, loginID: loginID)
            return IssuedCode(
                code: code, issuedAt: now, expiresAt: now.addingTimeInterval(seconds),
                status: .active, isLocked: record.locked)
        }
    }

    /// Checks `code` against the login's active code and consumes it on success.
    ///
    /// A locked login is refused (`locked`) even with the right code, and the attempt is not
    /// counted. Neither is input that is not six ASCII digits (`invalidFormat`), nor any code
    /// while none is active (`noActiveCode`): nothing could match. A wrong code (`invalid`) or
    /// the expired code (`expired`) adds one to the failure count; reaching `maxOTPAttempts`
    /// locks the login until `unlockOTP` and burns the active code, which never verifies again.
    /// Success resets the count.
    /// Digests are compared in constant time. Throws only `io` or `corruptRecord`.
    public func verifyOTP(loginID: String, code: String) throws(TokenError) -> OTPVerdict {
        // Hash before taking the lock, and for any input, so timing says nothing about the code.
        let candidate = secret.digestHex(purpose: ServerSecret.otpPurpose, of: code.utf8.count <= 64 ? code : "")
        let wellFormed = code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }

        return try storage.withLock(exclusive: true) { () throws(TokenError) -> OTPVerdict in
            let now = clock.now()
            let stamp = TokenJSON.wholeSecond(now)
            var record = try storage.otpRecord(loginID: loginID) ?? OTPRecord(loginID: loginID, updatedAt: stamp)
            if record.locked {
                return OTPVerdict(valid: false, reason: .locked, attemptsLeft: 0)
            }
            // Refusals that say nothing about the code count nothing and change nothing.
            guard wellFormed else { return OTPVerdict(valid: false, reason: .invalidFormat, attemptsLeft: attemptsLeft(record)) }
            guard let digest = record.digest, record.usedAt == nil, let expiresAt = record.expiresAt else {
                return OTPVerdict(valid: false, reason: .noActiveCode, attemptsLeft: attemptsLeft(record))
            }
            let matches = ConstantTime.equals(digest, candidate)
            let reason: OTPVerdict.Reason? = now >= expiresAt ? .expired : (matches ? nil : .invalid)
            record.updatedAt = stamp
            if reason == nil {
                record.usedAt = stamp
                record.failedAttempts = 0
            } else {
                record.failedAttempts += 1
                if record.failedAttempts >= maxOTPAttempts {
                    record.locked = true
                    record.lockedAt = stamp
                    // The lock burns the code it guards: unlocking must not bring it back.
                    record.withdrawCurrent()
                }
            }
            try storage.writeOTPRecord(record, loginID: loginID)
            return OTPVerdict(valid: reason == nil, reason: reason, attemptsLeft: attemptsLeft(record))
        }
    }

    /// Clears the lock and the failure count of `loginID` (an administrator's action; locks are
    /// never lifted automatically). No code survives a lock: the lock burnt the active one (and
    /// an unlock burns any a lock taken by an older version left), so the user needs a new code.
    /// Returns whether the login was locked.
    @discardableResult
    public func unlockOTP(loginID: String) throws(TokenError) -> Bool {
        return try storage.withLock(exclusive: true) { () throws(TokenError) -> Bool in
            guard var record = try storage.otpRecord(loginID: loginID) else { return false }
            let wasLocked = record.locked
            if wasLocked { record.withdrawCurrent() }
            record.locked = false
            record.lockedAt = nil
            record.failedAttempts = 0
            record.updatedAt = now()
            try storage.writeOTPRecord(record, loginID: loginID)
            return wasLocked
        }
    }

    /// The OTP state of `loginID` — lock, failures, attempts left, whether a code is active and
    /// until when — never the code. A login never seen reports no code, no failures, unlocked.
    public func otpStatus(loginID: String) throws(TokenError) -> OTPStatus {
        return try storage.withLock(exclusive: false) { () throws(TokenError) -> OTPStatus in
            let record = try storage.otpRecord(loginID: loginID) ?? OTPRecord(loginID: loginID, updatedAt: now())
            let active = record.hasActiveCode(at: clock.now())
            return OTPStatus(
                loginID: loginID, locked: record.locked, failedAttempts: record.failedAttempts,
                attemptsLeft: attemptsLeft(record), hasActiveCode: active,
                expiresAt: active ? record.expiresAt : nil)
        }
    }

    /// Failures still allowed before the lock (0 when locked).
    private func attemptsLeft(_ record: OTPRecord) -> Int {
        record.locked ? 0 : max(0, maxOTPAttempts - record.failedAttempts)
    }
}
