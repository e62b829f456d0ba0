// FNV1a.swift — the one FNV-1a 64-bit hash: MIME boundaries, Message-ID tags, the bench's mail digest.
/// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3): a stable, fast,
/// non-cryptographic hash. Never use it where an attacker may choose inputs to collide, nor
/// to hide anything: it only derives stable tags from public values.
///
/// Hash whole inputs with `hash(_:)`; fold several inputs into one value with `combine(_:)`.
package struct FNV1a: Sendable {
    /// The hash of no bytes.
    package static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The 64-bit FNV prime.
    package static let prime: UInt64 = 0x100_0000_01b3

    @usableFromInline var state: UInt64 = FNV1a.offsetBasis

    /// The hash of every byte combined so far (`offsetBasis` before the first).
    package var value: UInt64 { state }

    /// A hash of no bytes yet.
    package init() {}

    /// Folds `bytes` into `value`, in order.
    @inlinable
    package mutating func combine(_ bytes: some Sequence<UInt8>) {
        var hash = state
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* FNV1a.prime }
        state = hash
    }

    /// Folds `bytes` into `value`: `combine(_:)` for an array, through its buffer, so a caller in
    /// another module never runs the generic sequence path byte by byte.
    @inlinable
    package mutating func combine(_ bytes: [UInt8]) {
        var hash = state
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { hash = (hash ^ UInt64(byte)) &* FNV1a.prime }
        }
        state = hash
    }

    /// The hash of `bytes`.
    @inlinable
    package static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        hasher.combine(bytes)
        return hasher.value
    }

    /// The hash of `text`'s UTF-8 bytes.
    package static func hash(_ text: String) -> UInt64 {
        hash(text.utf8)
    }
}
