// TokenStore+Batch.swift — many issues under one lock and one sync: the worker's batched issuance.

extension TokenStore {
    /// Runs `body` holding the store's exclusive lock once. Calls made through the `TokenBatch`
    /// it is given stage their writes (`TokenStorage.withBatch`); when `body` returns, everything staged is
    /// made durable together — one sync for the batch instead of two per file — and only then is
    /// the lock released. If that commit throws, treat every result of the batch as not issued
    /// (nothing of it may be mailed; a retry issues again, idempotently per seed).
    public func batch<T>(_ body: (TokenBatch) -> T) throws(TokenError) -> T {
        try storage.withBatch { view in
            var staged = self
            staged.storage = view
            return body(TokenBatch(store: staged))
        }
    }
}

/// The view of a `TokenStore` inside `batch`: each `run` is one operation (an issue), whose
/// staged writes are dropped if it throws, so one bad job never spoils the others.
public struct TokenBatch {
    /// The store over the batch's staged view of the storage.
    let store: TokenStore

    /// Runs `operation` against the batch's store (its writes staged, its reads seeing earlier
    /// operations of the batch).
    public func run<T>(_ operation: (TokenStore) throws(TokenError) -> T) -> Result<T, TokenError> {
        let mark = store.storage.savepoint()
        do {
            return .success(try operation(store))
        } catch {
            store.storage.rollBack(to: mark)
            return .failure(error)
        }
    }
}
