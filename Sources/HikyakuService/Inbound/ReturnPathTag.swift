// ReturnPathTag.swift — VERP: the envelope sender `bounces+TAG@domain` whose TAG ties a bounce to its job, recipient and day.
import Foundation
import HikyakuBase
import HikyakuTokens

/// The tag of a VERP envelope sender (docs/inbound.md, "VERP tags"). With `return_path`
/// `bounces@bounce.example.jp`, a job is sent with `MAIL FROM:<bounces+TAG@bounce.example.jp>`:
///
/// | part | length | holds |
/// |---|---|---|
/// | form | 1 | `j`: the job id follows; `m`: the id did not fit, the MAC binds the Message-ID |
/// | key id | 1 | which `ReturnPathKey` made the MAC (rotation) |
/// | day | 4 | the UTC day of the send attempt, days since 1970-01-01, base32 |
/// | MAC | 16 | the first 80 bits of `HMAC(key, form, key id, day, job id or SHA-256(Message-ID), recipient)`, base32 |
/// | job | rest | form `j` only: the job id in lower case, then `.` and a base32 mask of its upper-case letters if any |
///
/// Only `a–z 2–7 0–9 - _ .` appear, so an MTA that changes the case of the local part changes
/// nothing. The recipient is bound in its normalised form (`normalized`: the whole address in
/// lower case, the domain as A-labels): a bounce that reports `Taro@Example.JP` for
/// `taro@example.jp` still verifies. The local part of the sender never exceeds 64 octets.
package enum ReturnPathTag {
    /// The base32 alphabet of RFC 4648 in lower case: the key id, day, MAC and case mask.
    package static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
    /// Characters of the day field and of the MAC.
    static let dayLength = 4
    static let macLength = 16
    /// Form, key id, day and MAC: the shortest tag (the Message-ID form).
    package static let fixedLength = 2 + dayLength + macLength
    /// The longest `return_path` local part that leaves room for `+` and the shortest tag (41).
    package static let maximumLocalPartOctets = 64 - 1 - fixedLength

    /// What the MAC binds besides recipient and day.
    enum Form: UInt8 {
        /// The job id, carried in the tag.
        case job = 0x6A  // "j"
        /// The SHA-256 of the Message-ID; the job is read from the returned Message-ID.
        case message = 0x6D  // "m"
    }

    /// The UTC day of `date`: whole days since 1970-01-01.
    package static func day(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86400).rounded(.down))
    }

    /// The envelope sender for one job: `returnPath`'s local part, `+`, the tag, `@` and its
    /// domain. `returnPath` is a checked address whose local part is at most
    /// `maximumLocalPartOctets` without a `+` (the config checks it); `recipient` the envelope
    /// recipient; `date` the send attempt. The job-id form when the local part fits in 64
    /// octets, else the Message-ID form; `returnPath` unchanged only if even that cannot fit.
    package static func envelopeSender(
        returnPath: String, jobID: String, messageID: String, recipient: String, on date: Date, key: ReturnPathKey
    ) -> String {
        guard let at = returnPath.lastIndex(of: "@") else { return returnPath }
        let local = returnPath[..<at]
        let domain = returnPath[returnPath.index(after: at)...]
        let day = max(0, Self.day(of: date))
        let room = 64 - local.utf8.count - 1
        if let job = encodeJob(jobID), fixedLength + job.utf8.count <= room {
            let head = header(.job, key: key, day: day, subject: Array(jobID.utf8), recipient: recipient)
            return "\(local)+\(head)\(job)@\(domain)"
        }
        guard fixedLength <= room else { return returnPath }
        let head = header(.message, key: key, day: day, subject: SHA256.hash(messageID), recipient: recipient)
        return "\(local)+\(head)@\(domain)"
    }

    /// Form, key id, day and MAC: the fixed part of a tag.
    static func header(_ form: Form, key: ReturnPathKey, day: Int, subject: [UInt8], recipient: String) -> String {
        let days = encodeDay(day)
        let code = mac(form, key: key, days: days, subject: subject, recipient: recipient)
        return String(decoding: [form.rawValue, key.id], as: UTF8.self) + days + code
    }

    /// The 16-character MAC: the first 10 bytes of `HMAC(key, fields)` in base32, over the
    /// length-prefixed fields `hikyaku/v1/return-path`, form, key id, day (as written in the
    /// tag), subject and normalised recipient.
    static func mac(_ form: Form, key: ReturnPathKey, days: String, subject: [UInt8], recipient: String) -> String {
        var message: [UInt8] = []
        for field in [
            Array("hikyaku/v1/return-path".utf8), [form.rawValue], [key.id], Array(days.utf8), subject,
            Array(normalized(recipient).utf8),
        ] {
            let count = UInt32(field.count)
            message += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: count >> UInt32($0)) } + field
        }
        return base32(Array(key.mac.authenticationCode(for: message).prefix(macLength * 5 / 8)))
    }

    /// `address` as a tag binds it: trimmed, without angle brackets, in lower case, the domain as
    /// A-labels (left as written when it is not a valid international domain), no trailing dot.
    package static func normalized(_ address: String) -> String {
        var text = Substring(address.trimmingCharacters(in: .whitespacesAndNewlines))
        if text.hasPrefix("<"), text.hasSuffix(">") { text = text.dropFirst().dropLast() }
        guard let at = text.lastIndex(of: "@") else { return text.lowercased() }
        var domain = String(text[text.index(after: at)...])
        domain = ((try? IDNA.asciiDomain(domain)) ?? domain).lowercased()
        while domain.hasSuffix(".") { domain.removeLast() }
        return text[..<at].lowercased() + "@" + domain
    }
}
