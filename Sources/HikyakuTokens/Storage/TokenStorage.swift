// TokenStorage.swift — what the token store needs from where its records live: keyed records, a lock, batches.

/// Where a `TokenStore` keeps its records. The store holds the rules (what a verdict is, which
/// record supersedes which, what sweep may drop); a storage only keeps records under their keys:
/// link records (and the tombstones of swept ones) by digest, `current` pointers by purpose
/// and login, OTP records by login.
/// `FileTokenStorage` (the state directory) is the production one; another backend (a
/// database) is another conformer, not a change to the store.
///
/// Every conformer keeps these guarantees, which the store's own promises rest on:
/// - **Lock.** `withLock(exclusive: true)` excludes every other holder of the same storage's
///   lock, in this process and every other that opens the same storage (so of concurrent
///   `consume` calls exactly one wins); `exclusive: false` excludes only exclusive holders.
/// - **Durable, atomic writes.** Outside a batch a write is durable when it returns, and a
///   reader sees the old record or the new one, never a torn one.
/// - **Batches.** Inside `withBatch`, writes through the view it passes are staged: reads through
///   that view see them, nobody else does. When the body returns they are made durable together
///   (one sync, not one per record), ordered so that a crash never leaves a later write of a
///   savepoint's operation without an earlier one; the lock is held until then.
/// - **Errors.** A missing record is nil; one that cannot be understood is `corruptRecord`
///   (left in place); a failing backend is `io`. Nothing here holds a token, code or seed.
protocol TokenStorage: Sendable {
    /// Runs `body` holding the storage's lock (exclusive for changes, shared for reads).
    /// Inside a batch the batch already holds it exclusively and `body` simply runs.
    func withLock<T>(exclusive: Bool, _ body: () throws(TokenError) -> T) throws(TokenError) -> T

    /// Runs `body` under the exclusive lock with a staged view of this storage, then commits
    /// everything staged through it durably at once (see the type's comment). If the commit
    /// throws, treat every write of the batch as not made.
    func withBatch<T>(_ body: (any TokenStorage) -> T) throws(TokenError) -> T

    /// On a batch's view: starts an operation, whose writes are ordered after each other but
    /// not after other operations'; returns the point `rollBack(to:)` returns to. Outside a
    /// batch: 0, and nothing happens.
    func savepoint() -> Int

    /// On a batch's view: drops every write staged since `savepoint`. Outside a batch: nothing.
    func rollBack(to savepoint: Int)

    /// The link record stored under `digest`, or nil.
    func tokenRecord(digest: String) throws(TokenError) -> TokenRecord?

    /// Stores `record` under `digest`, replacing any record there.
    func writeTokenRecord(_ record: TokenRecord, digest: String) throws(TokenError)

    /// Where the link record of `digest` is kept, as an error names it (a file's path).
    func tokenRecordLocation(digest: String) -> String

    /// The digests of every stored link record (in no particular order).
    func tokenRecordDigests() throws(TokenError) -> [String]

    /// The digest of the newest link for `loginID` and `purpose`, or nil (none, or unusable).
    func currentDigest(purpose: LinkPurpose, loginID: String) throws(TokenError) -> String?

    /// Makes `digest` the newest link for `loginID` and `purpose`.
    func setCurrentDigest(_ digest: String, purpose: LinkPurpose, loginID: String) throws(TokenError)

    /// The OTP record of `loginID`, or nil.
    func otpRecord(loginID: String) throws(TokenError) -> OTPRecord?

    /// Stores `record` as the OTP record of `loginID`, replacing any record there.
    func writeOTPRecord(_ record: OTPRecord, loginID: String) throws(TokenError)

    /// Removes the link records `isDone` accepts (ones that cannot be read are kept) and any
    /// debris of interrupted writes; returns how many records went. Each removed record that
    /// `needsTombstone` accepts leaves its `TokenTombstone` under the same digest, durable
    /// before the record goes. Under the exclusive lock.
    func removeTokenRecords(
        where isDone: (TokenRecord) -> Bool, leavingTombstone needsTombstone: (TokenRecord) -> Bool
    ) throws(TokenError) -> Int

    /// The tombstone a swept link record left under `digest`, or nil.
    func tombstone(digest: String) throws(TokenError) -> TokenTombstone?

    /// Removes the tombstones `isDone` accepts (unreadable ones are kept) and debris.
    func removeTombstones(where isDone: (TokenTombstone) -> Bool) throws(TokenError)

    /// Removes the OTP records `isDone` accepts (unreadable ones are kept) and debris; returns how many went.
    func removeOTPRecords(where isDone: (OTPRecord) -> Bool) throws(TokenError) -> Int

    /// Removes every `current` pointer for which `isStale` is true; it is given the record the
    /// pointer names, or nil when the pointer is unusable or its record is missing or unreadable.
    func removeCurrentPointers(where isStale: (TokenRecord?) -> Bool) throws(TokenError)
}
