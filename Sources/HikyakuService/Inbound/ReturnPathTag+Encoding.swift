// ReturnPathTag+Encoding.swift — the tag's fields as text: base32, the day, the job id with its case mask, and parsing.
import HikyakuBase

extension ReturnPathTag {
    /// A tag's fields as read (in lower case), before any MAC is checked.
    struct Parsed: Equatable {
        var form: Form
        var keyID: UInt8
        /// The day field as written (what the MAC binds) and its value.
        var days: String
        var day: Int
        var mac: String
        /// Form `j`: the job id, its case restored.
        var jobID: String?
    }

    /// The fields of `tag` (the part after `+`), read case-insensitively, or nil when it is not
    /// exactly a tag `envelopeSender` could have written.
    static func parse(_ tag: String) -> Parsed? {
        let bytes = Array(tag.lowercased().utf8)
        guard bytes.count >= fixedLength, bytes.count <= 64, let form = Form(rawValue: bytes[0]), alphabet.contains(bytes[1]) else {
            return nil
        }
        let days = Array(bytes[2..<(2 + dayLength)])
        let mac = Array(bytes[(2 + dayLength)..<fixedLength])
        guard let day = number(days), mac.allSatisfy(alphabet.contains) else { return nil }
        let rest = Array(bytes[fixedLength...])
        var parsed = Parsed(
            form: form, keyID: bytes[1], days: String(decoding: days, as: UTF8.self), day: day, mac: String(decoding: mac, as: UTF8.self))
        switch form {
        case .message: guard rest.isEmpty else { return nil }
        case .job:
            guard let id = decodeJob(rest) else { return nil }
            parsed.jobID = id
        }
        return parsed
    }

    /// `day` in `dayLength` base32 characters (days 0 … 2^20 − 1, past the year 4800).
    static func encodeDay(_ day: Int) -> String {
        let value = min(max(0, day), (1 << (5 * dayLength)) - 1)
        let digits = (0..<dayLength).reversed().map { alphabet[(value >> (5 * $0)) & 31] }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The value of base32 digits (most significant first), or nil for a character outside the alphabet.
    static func number(_ digits: [UInt8]) -> Int? {
        var value = 0
        for digit in digits {
            guard let index = alphabet.firstIndex(of: digit) else { return nil }
            value = value << 5 | index
        }
        return value
    }

    /// `bytes` in base32 without padding (10 bytes → 16 characters).
    static func base32(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var accumulator = 0
        var bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8 | Int(byte)) & 0xFFFF
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[accumulator >> bits & 31])
            }
        }
        if bits > 0 { out.append(alphabet[accumulator << (5 - bits) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `bits` five at a time, most significant first, the last group padded with zeros.
    static func pack(_ bits: [Bool]) -> String {
        var out: [UInt8] = []
        for start in stride(from: 0, to: bits.count, by: 5) {
            var value = 0
            for offset in 0..<5 { value = value << 1 | (start + offset < bits.count && bits[start + offset] ? 1 : 0) }
            out.append(alphabet[value])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A job id as the tag carries it: in lower case, then, if it has upper-case letters, `.`
    /// and a mask with one bit per letter (1: upper case) in base32. Nil for an invalid id.
    static func encodeJob(_ id: String) -> String? {
        guard JobID.isValid(id) else { return nil }
        var lower: [UInt8] = []
        var upper: [Bool] = []
        for byte in id.utf8 {
            let isUpper = (0x41...0x5A).contains(byte)
            if isUpper || (0x61...0x7A).contains(byte) { upper.append(isUpper) }
            lower.append(isUpper ? byte | 0x20 : byte)
        }
        let text = String(decoding: lower, as: UTF8.self)
        return upper.contains(true) ? text + "." + pack(upper) : text
    }

    /// The job id `encodeJob` wrote as `payload` (lower case), or nil unless the payload is
    /// exactly what `encodeJob` writes for a valid id (no empty, short, long or all-zero mask).
    static func decodeJob(_ payload: [UInt8]) -> String? {
        let pieces = payload.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count) else { return nil }
        var id = Array(pieces[0])
        let isLetter = { (byte: UInt8) in (0x61...0x7A).contains(byte) }
        guard !id.isEmpty, id.allSatisfy({ isLetter($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }) else {
            return nil
        }
        if pieces.count == 2 {
            let letters = id.filter(isLetter).count
            guard pieces[1].count == (letters + 4) / 5, letters > 0, let value = number(Array(pieces[1])) else { return nil }
            let width = pieces[1].count * 5
            // The pad bits after the last letter are zero, and some letter is upper case.
            guard value & ((1 << (width - letters)) - 1) == 0, value != 0 else { return nil }
            var bit = width - 1
            for index in id.indices where isLetter(id[index]) {
                if value >> bit & 1 == 1 { id[index] &= ~0x20 }
                bit -= 1
            }
        }
        let text = String(decoding: id, as: UTF8.self)
        return JobID.isValid(text) ? text : nil
    }
}
