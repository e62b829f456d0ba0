// HMACSHA256.swift — HMAC (RFC 2104) over SHA-256, with the keyed inner/outer states precomputed.

/// HMAC-SHA256 under one key (RFC 2104, tested against RFC 4231).
///
/// Construct once per key and call `authenticationCode(for:)` many times: the padded key blocks
/// are hashed at construction, so each code costs only the message plus two finishing blocks.
/// Keys longer than 64 bytes are hashed first, as RFC 2104 requires. The key is not retained
/// in readable form and never appears in `description`.
public struct HMACSHA256: Sendable, CustomStringConvertible, CustomReflectable {
    private let inner: SHA256
    private let outer: SHA256

    /// Prepares HMAC-SHA256 under `key` (any length, including empty).
    public init(key: [UInt8]) {
        var block = key.count > SHA256.blockByteCount ? SHA256.hash(key) : key
        block.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - block.count))
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    /// The 32-byte code for `message`.
    public func authenticationCode(for message: [UInt8]) -> [UInt8] {
        var inner = self.inner
        inner.update(message)
        var outer = self.outer
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The 32-byte code for the UTF-8 encoding of `message`.
    public func authenticationCode(for message: String) -> [UInt8] {
        authenticationCode(for: Array(message.utf8))
    }

    /// One-shot convenience: the code for `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        HMACSHA256(key: key).authenticationCode(for: message)
    }

    /// Never shows key material.
    public var description: String { "HMACSHA256(key: redacted)" }

    /// Hides the keyed states from `dump` and debuggers' reflection.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
