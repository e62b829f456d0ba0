// TokenStore+Batch.swift — many issues under one lock and one sync: the worker's batched issuance.

extension TokenStore {
    /// Runs `body` holding the store's exclusive lock once. Calls made through the `TokenBatch`
    /// it is given stage their writes (`TokenStaging`); when `body` returns, everything staged is
    /// made durable together — one sync for the batch instead of two per file — and only then is
    /// the lock released. If that commit throws, treat every result of the batch as not issued
    /// (nothing of it may be mailed; a retry issues again, idempotently per seed).
    public func batch<T>(_ body: (TokenBatch) -> T) throws(TokenError) -> T {
        let staging = TokenStaging()
        var staged = self
        staged.state.staging = staging
        return try state.withLock(exclusive: true) { () throws(TokenError) -> T in
            let result = body(TokenBatch(store: staged, staging: staging))
            try staging.commit()
            return result
        }
    }
}

/// The view of a `TokenStore` inside `batch`: each `run` is one operation (an issue), whose
/// staged writes are dropped if it throws, so one bad job never spoils the others.
public struct TokenBatch {
    let store: TokenStore
    let staging: TokenStaging

    /// Runs `operation` against the batch's store (its writes staged, its reads seeing earlier
    /// operations of the batch).
    public func run<T>(_ operation: (TokenStore) throws(TokenError) -> T) -> Result<T, TokenError> {
        let mark = staging.beginOperation()
        do {
            return .success(try operation(store))
        } catch {
            staging.rollBack(to: mark)
            return .failure(error)
        }
    }
}
