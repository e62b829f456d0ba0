// InboundName.swift — the name of one stored inbound message: when it came, how, whether it was cut, unique and stable.
import Foundation
import HikyakuBase

/// A stored inbound message's name (the stem of `<stem>.eml` and its `<stem>.json` report),
/// which is also its identity: it never changes once stored, whatever state the file moves to.
///
/// Shapes: `<ms>-<pid>-<counter>-<16 hex>` for a message read by `inbound deliver`, with
/// `-truncated` appended when only its first `InboundSpool.maxMessageBytes` were kept;
/// `<ms>-m-<16 hex>` for one taken from the maildir (the hex digits are a hash of its maildir
/// name, size, mtime and inode, so taking the same file again after a crash finds the same name);
/// `<ms>-q-<16 hex>` for an entry quarantined under a name of its own. `<ms>` is 14 digits of
/// milliseconds since 1970, so names sort by time. Every name follows the job id rule.
public struct InboundName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name without `.eml`.
    public let stem: String

    /// Where a message came from, as its name says.
    public enum Source: String, Sendable {
        /// `hikyaku inbound deliver` (an MTA's pipe).
        case pipe
        /// The watched maildir (`inbound_maildir`).
        case maildir
        /// Quarantined under a fresh name (an odd entry).
        case quarantine
    }

    /// The name `stem`, or nil when it does not have one of the shapes above.
    public init?(stem: String) {
        let bytes = Array(stem.utf8)
        guard JobID.isValid(stem), bytes.count >= 17, bytes.prefix(14).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes[14] == 0x2D
        else { return nil }
        let rest = bytes[15...]
        guard rest.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }),
            rest.first != 0x2D, rest.last != 0x2D, !stem.contains("--")
        else { return nil }
        self.stem = stem
    }

    /// The name of a file `<stem>.eml`, or nil.
    public init?(fileName: String) {
        guard fileName.hasSuffix(".eml") else { return nil }
        self.init(stem: String(fileName.dropLast(4)))
    }

    private init(unchecked stem: String) { self.stem = stem }

    /// `<stem>.eml`.
    public var fileName: String { stem + ".eml" }
    /// `<stem>.json`, the processing report beside it.
    public var reportName: String { stem + ".json" }
    /// `<stem>.reason`, why it is in quarantine.
    public var reasonName: String { stem + ".reason" }
    public var description: String { stem }

    /// When it was stored (read from the file) or, for the maildir, when the MTA wrote it.
    public var received: Date {
        Date(timeIntervalSince1970: Double(Int64(stem.prefix(14)) ?? 0) / 1000)
    }

    /// Whether only the first `InboundSpool.maxMessageBytes` of a larger message were kept.
    public var isTruncated: Bool { stem.hasSuffix("-truncated") }

    /// How the message came in.
    public var source: Source {
        if stem.dropFirst(14).hasPrefix("-m-") { return .maildir }
        if stem.dropFirst(14).hasPrefix("-q-") { return .quarantine }
        return .pipe
    }

    public static func < (a: InboundName, b: InboundName) -> Bool { a.stem < b.stem }

    /// A fresh name for a message read now by this process (`counter` is this process's count).
    static func delivered(at now: Date, counter: Int, truncated: Bool) -> InboundName {
        InboundName(
            unchecked: "\(milliseconds(now))-\(ProcessIdentity.current)-\(counter)-\(randomHex())" + (truncated ? "-truncated" : ""))
    }

    /// The stable name of a maildir file: its mtime and a hash of what tells it apart.
    static func maildir(modified: Date, key: [UInt8]) -> InboundName {
        var hash = FNV1a()
        hash.combine(key)
        return InboundName(unchecked: "\(milliseconds(modified))-m-\(hex(hash.value))")
    }

    /// A fresh name for an entry quarantined from a name that is not an inbound name.
    static func quarantined(at now: Date) -> InboundName {
        InboundName(unchecked: "\(milliseconds(now))-q-\(randomHex())")
    }

    private static func milliseconds(_ date: Date) -> String {
        String(format: "%014lld", max(0, Int64((date.timeIntervalSince1970 * 1000).rounded(.down))))
    }

    private static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(generator.next())
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
