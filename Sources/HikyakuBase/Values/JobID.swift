// JobID.swift — the job id rule shared by producers, the spool and every command.
import Foundation

/// Job ids are `[A-Za-z0-9_-]{1,64}`; a spool file's name is `<id>.json`.
public enum JobID {
    /// Whether `id` is a valid job id.
    public static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }

    /// The id of a spool file name `<id>.json`, or nil when the name does not follow the rule.
    public static func fromFileName(_ name: String) -> String? {
        guard name.hasSuffix(".json") else { return nil }
        let stem = String(name.dropLast(5))
        return isValid(stem) ? stem : nil
    }

    /// A new random id (for `enqueue` when the producer supplies none): time-ordered, 26 characters.
    public static func generate(now: Date = Date()) -> String {
        let millis = UInt64(now.timeIntervalSince1970 * 1000)
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() & 0xFFFF_FFFF_FFFF
        return String(format: "%012llx", millis) + "-" + String(format: "%012llx", random)
    }
}
