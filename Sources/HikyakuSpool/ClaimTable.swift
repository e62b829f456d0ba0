// ClaimTable.swift — this process's claimed jobs: each one's locked descriptor and its stat as of the claim.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The descriptors holding this process's claims, by job id, each with its file's `fstat` as of
/// the claim (or the last `replace`). Thread-safe.
final class ClaimTable: Sendable {
    /// A held claim: the locked descriptor and what `fstat` said of it (nil when it could not).
    struct Claim: Sendable {
        let descriptor: Int32
        let info: stat?
    }

    private let claims = Mutex<[String: Claim]>([:])

    func insert(_ id: String, _ fd: Int32, info: stat?) {
        let old = claims.withLock { $0.updateValue(Claim(descriptor: fd, info: info), forKey: id) }
        if let old { close(old.descriptor) }
    }

    /// Swaps in the lock on a rewritten file, closing the old one after the new one is held.
    func replace(_ id: String, with fd: Int32) {
        var info = stat()
        insert(id, fd, info: fstat(fd, &info) == 0 ? info : nil)
    }

    /// How many claims are held.
    var count: Int { claims.withLock { $0.count } }

    func descriptor(_ id: String) -> Int32? {
        claims.withLock { $0[id]?.descriptor }
    }

    func claim(_ id: String) -> Claim? {
        claims.withLock { $0[id] }
    }

    func remove(_ id: String) {
        let claim = claims.withLock { $0.removeValue(forKey: id) }
        if let claim { close(claim.descriptor) }
    }
}
