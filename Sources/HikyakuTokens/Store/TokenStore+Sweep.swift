// TokenStore+Sweep.swift — deleting records that ended long ago, and the debris of crashed writes.
import Foundation

extension TokenStore {
    /// How long ended records are kept by default (one day), so a late click still reads as
    /// `used` or `expired` rather than `unknown`.
    public static let defaultSweepGrace: TimeInterval = 86_400

    /// Deletes what can no longer matter and returns how many records went:
    /// - link records that expired, or left `active` (used, revoked, superseded), more than
    ///   `grace` seconds ago (afterwards the token reads as `unknown`);
    /// - OTP records of unlocked logins with no active code and no change for `grace` seconds
    ///   (this also forgets a stale failure count; locked logins are never swept);
    /// - `current/` pointers to records that are gone or no longer active, and `.tmp-*` files
    ///   (every write holds the lock that sweep holds, so any temp file is crash debris).
    ///
    /// Corrupt records are left in place for an operator (see `TokenError.corruptRecord`).
    @discardableResult
    public func sweep(olderThan grace: TimeInterval = TokenStore.defaultSweepGrace) throws(TokenError) -> Int {
        try state.withLock(exclusive: true) { () throws(TokenError) -> Int in
            let now = clock.now()
            let removed = try sweepTokens(now: now, grace: grace) + sweepOTP(now: now, grace: grace)
            try sweepPointers()
            return removed
        }
    }

    /// Link records past their grace period.
    private func sweepTokens(now: Date, grace: TimeInterval) throws(TokenError) -> Int {
        try sweepRecords(in: state.tokensDirectory) { path in
            guard let record = try? state.read(TokenRecord.self, at: path) else { return false }
            let ended = min(record.expiresAt, record.closedAt ?? record.expiresAt)
            return now.timeIntervalSince(ended) > grace
        }
    }

    /// OTP records of unlocked logins idle past their grace period.
    private func sweepOTP(now: Date, grace: TimeInterval) throws(TokenError) -> Int {
        try sweepRecords(in: state.otpDirectory) { path in
            guard let record = try? state.read(OTPRecord.self, at: path), !record.locked else { return false }
            let lastEvent = max(record.updatedAt, record.expiresAt ?? record.updatedAt)
            return now.timeIntervalSince(lastEvent) > grace
        }
    }

    /// Removes crash debris (`.tmp-*`) and every record file in `directory` that `isDone`
    /// accepts (unreadable ones are kept), fsyncs the directory, and returns how many records went.
    private func sweepRecords(in directory: String, isDone: (String) -> Bool) throws(TokenError) -> Int {
        var count = 0
        for name in try TokenFileIO.list(directory) {
            let path = directory + "/" + name
            if name.hasPrefix(".tmp-") {
                try TokenFileIO.remove(path)
                continue
            }
            guard TokenStore.isRecordName(name), isDone(path) else { continue }
            try TokenFileIO.remove(path)
            count += 1
        }
        try TokenFileIO.syncDirectory(directory)
        return count
    }

    /// `current/` pointers whose token is gone or final, and temp files.
    private func sweepPointers() throws(TokenError) {
        let directory = state.currentDirectory
        for name in try TokenFileIO.list(directory) {
            let path = directory + "/" + name
            if name.hasPrefix(".tmp-") {
                try TokenFileIO.remove(path)
                continue
            }
            var pointsToActive = false
            if let digest = try state.readPointer(at: path),
                let record = try? state.read(TokenRecord.self, at: state.tokenPath(digest: digest))
            {
                pointsToActive = record.status == .active
            }
            if !pointsToActive {
                try TokenFileIO.remove(path)
            }
        }
        try TokenFileIO.syncDirectory(directory)
    }
}
