// SuppressionJournal.swift — one JSON line per change of the list, appended durably to suppression/log.
import Foundation
import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

/// The list's own record of what changed and why, so a verdict can be seen and undone:
/// `{"action":"suppressed","address":"o****@example.co.jp","expires":"…","key":"3f2a…",
/// "reason":"userunknown","scope":"all","source":"bounce","time":"…"}`. Actions: `suppressed`,
/// `held`, `added`, `removed`, `released`, `dropped`, `pruned`. The address is masked; `key` is
/// the first 16 digits of the entry's file name. Written 0600 under the list's lock, fsynced;
/// past 4 MiB it moves to `log.1` (replacing the one before).
enum SuppressionJournal {
    /// The size past which the log is rotated.
    static let rotateBytes = 4 << 20

    /// Appends one line for `action` on `entry` at `now`.
    static func append(
        _ action: String, entry: SuppressionEntry, key: String, at now: Date, to path: String
    ) throws(SuppressionError) {
        var object: [String: JSONValue] = [
            "time": .string(Timestamp.iso8601(now)), "action": .string(action), "address": .string(RecipientMask.mask(entry.address)),
            "key": .string(String(key.prefix(16))), "reason": .string(entry.reason), "scope": .string(entry.scope.rawValue),
            "source": .string(entry.source.rawValue), "count": .int(entry.count),
        ]
        if let status = entry.status { object["status"] = .string(status) }
        if let job = entry.job { object["job"] = .string(job) }
        if let expires = entry.expires { object["expires"] = .string(Timestamp.iso8601(expires)) }
        guard var line = JSONText.bytes(.object(object)) else { return }
        line.append(0x0A)
        var info = stat()
        if lstat(path, &info) == 0 && Int(info.st_size) > rotateBytes {
            try suppressionIO(try Files.rename(path, path + ".1"))
        }
        try suppressionIO(try Files.append(line, to: path))
    }
}
