// InboundSpool+Deliver.swift — one message from an MTA's pipe: read under the size cap, stored durably, the rest drained.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// What `InboundSpool.deliver(from:at:)` stored.
public struct InboundDelivery: Sendable, Equatable {
    /// The stored message's name (in `new/`).
    public var name: InboundName
    /// Bytes stored (at most `InboundSpool.maxMessageBytes`).
    public var stored: Int
    /// Bytes read from the pipe: more than `stored` when the message was truncated.
    public var received: Int
}

extension InboundSpool {
    /// Reads one message from `descriptor` until end of file and stores it (`store`): whole when
    /// it is at most `maxMessageBytes`, else its first `maxMessageBytes` under a `-truncated` name
    /// (the worker files those in `other/`, never acts on them), the rest read and discarded so
    /// the MTA's write never fails. Returns nil, storing nothing, for an empty message. Checks the
    /// directories first (`verify`), so a missing or unsafe spool throws before anything is read.
    /// Throws only when the message could not be stored: the MTA must keep it and try again.
    public func deliver(from descriptor: Int32, at now: Date) throws(SpoolError) -> InboundDelivery? {
        try verify()
        let bytes = try spoolIO(Files.read(descriptor: descriptor, path: "standard input", limit: Self.maxMessageBytes + 1))
        guard !bytes.isEmpty else { return nil }
        var received = bytes.count
        let truncated = bytes.count > Self.maxMessageBytes
        if truncated { received += try drain(descriptor) }
        let kept = truncated ? Array(bytes.prefix(Self.maxMessageBytes)) : bytes
        let name = try store(kept, truncated: truncated, at: now)
        return InboundDelivery(name: name, stored: kept.count, received: received)
    }

    /// Reads `descriptor` to its end, keeping nothing; returns how many bytes it read.
    private func drain(_ descriptor: Int32) throws(SpoolError) -> Int {
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(path: "standard input", operation: "read", errno: errno)
            }
            if got == 0 { return total }
            total += got
        }
    }
}
