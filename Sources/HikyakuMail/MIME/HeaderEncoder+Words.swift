// HeaderEncoder+Words.swift — cuts text into RFC 2047 encoded-words that fit, never pad inside a run, and decode back exactly.
import Foundation

extension HeaderEncoder {
    /// UTF-8 words: whole grapheme clusters per word (a cluster too long for any word is cut
    /// between scalars), every B word but the last a multiple of 3 bytes, so no `=` padding.
    ///
    /// GMime-based readers decode a run of adjacent B words of one charset as one base64 stream
    /// and stop at the first `=`: a padded word inside a run cut the rest of the name off. Where
    /// no character boundary lies on a multiple of 3 within a word (`a` then kanji only), one
    /// character goes into a Q word, which ends the run and shifts the alignment.
    static func utf8Words(_ text: String, firstLimit: Int) -> [String] {
        let prefix = "=?UTF-8?B?"
        let overhead = prefix.utf8.count + 2
        let fullCapacity = (maxEncodedWordLength - overhead) / 4 * 3
        let bytes = Array(text.utf8)
        let ends = utf8UnitEnds(text, capacity: fullCapacity)
        var capacity = max(0, (firstLimit - overhead) / 4 * 3)
        func bWord(_ start: Int, _ end: Int) -> String {
            bytes.withUnsafeBufferPointer { all in
                prefix
                    + String(
                        decoding: BodyEncoder.base64(UnsafeBufferPointer(rebasing: all[start..<end]), lineLength: nil),
                        as: UTF8.self) + "?="
            }
        }
        var words: [String] = []
        var start = 0, next = 0
        while next < ends.count {
            // The longest word from `start` that fits and ends on a multiple of 3 (or at the end).
            var aligned: Int?, fitting = next
            var index = next
            while index < ends.count, ends[index] - start <= capacity {
                if (ends[index] - start) % 3 == 0 || index == ends.count - 1 { aligned = index }
                fitting = index
                index += 1
            }
            var end = aligned ?? fitting
            if aligned == nil {
                let limit = words.isEmpty ? min(firstLimit, maxEncodedWordLength) : maxEncodedWordLength
                if index > next, let q = qWord(bytes[start..<ends[next]], charset: "UTF-8", limit: limit) {
                    words.append(q)
                    start = ends[next]
                    next += 1
                    capacity = fullCapacity
                    continue
                }
                if words.isEmpty, capacity < fullCapacity {
                    // Not even one unit fits beside the field name: start on a continuation line.
                    capacity = fullCapacity
                    continue
                }
                // A cluster too long for a Q word (over 21 bytes), with no aligned cut: padding
                // cannot be avoided without cutting the cluster.
                end = fitting
            }
            words.append(bWord(start, ends[end]))
            start = ends[end]
            next = end + 1
            capacity = fullCapacity
        }
        if words.isEmpty { words.append(bWord(0, 0)) }
        return words
    }

    /// Where each unit that must not be cut ends, as UTF-8 offsets: grapheme clusters, or the
    /// scalars of a cluster longer than `capacity` bytes.
    private static func utf8UnitEnds(_ text: String, capacity: Int) -> [Int] {
        var ends: [Int] = []
        ends.reserveCapacity(text.utf8.count)
        var offset = 0
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            let length = text.utf8.distance(from: index, to: next)
            if length <= capacity {
                offset += length
                ends.append(offset)
            } else {
                for scalar in text.unicodeScalars[index..<next] {
                    offset += UTF8.width(scalar)
                    ends.append(offset)
                }
            }
            index = next
        }
        return ends
    }

    /// `bytes` as one Q encoded-word in `charset` (letters and digits as they are, every other
    /// byte as `=XX`, which RFC 2047 5(3) allows in a phrase too), or nil if it would pass `limit`
    /// characters.
    private static func qWord(_ bytes: some Sequence<UInt8>, charset: String, limit: Int) -> String? {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = Array("=?\(charset)?Q?".utf8)
        for b in bytes {
            let alnum = (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
            if alnum {
                out.append(b)
            } else {
                out += [UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
            }
        }
        out += Array("?=".utf8)
        return out.count <= limit ? String(decoding: out, as: UTF8.self) : nil
    }

    /// ISO-2022-JP words: each a self-contained sequence (back in ASCII at its end), cut between
    /// characters; `text` is NFC and already known to be representable. As in `utf8Words`, every
    /// B word but the last is a multiple of 3 bytes (no padding), a Q word realigning where no
    /// cut allows that.
    static func iso2022JPWords(_ text: String, firstLimit: Int) -> [String] {
        let prefix = "=?ISO-2022-JP?B?"
        let overhead = prefix.utf8.count + 2
        func fits(_ bytes: [UInt8], _ limit: Int) -> Bool { overhead + (bytes.count + 2) / 3 * 4 <= limit }
        func encode(_ s: String) -> [UInt8] {
            guard let bytes = ISO2022JP.encode(s) else { preconditionFailure("checked as representable") }
            return bytes
        }
        let characters = Array(text)
        var limit = firstLimit
        if let first = characters.first, !fits(encode(String(first)), limit) { limit = maxEncodedWordLength }
        var words: [String] = []
        var start = 0
        while start < characters.count {
            // Re-encode the grown chunk: escape sequences are shared, so lengths do not simply add up.
            var aligned: (end: Int, bytes: [UInt8])?, fitting: (end: Int, bytes: [UInt8])?
            var chunk = ""
            for index in start..<characters.count {
                chunk.append(characters[index])
                let bytes = encode(chunk)
                guard fits(bytes, limit) else { break }
                fitting = (index + 1, bytes)
                if bytes.count % 3 == 0 || index + 1 == characters.count { aligned = (index + 1, bytes) }
            }
            var cut = aligned ?? fitting
            if aligned == nil {
                let single = encode(String(characters[start]))
                if let q = qWord(single, charset: "ISO-2022-JP", limit: words.isEmpty ? limit : maxEncodedWordLength) {
                    words.append(q)
                    start += 1
                    limit = maxEncodedWordLength
                    continue
                }
                cut = fitting ?? (start + 1, single)
            }
            guard let (end, bytes) = cut else { break }
            words.append(prefix + base64(bytes) + "?=")
            start = end
            limit = maxEncodedWordLength
        }
        if words.isEmpty { words.append(prefix + "?=") }
        return words
    }

    /// Plain base64 (no line breaks) as a String.
    static func base64(_ bytes: [UInt8]) -> String {
        String(decoding: BodyEncoder.base64(bytes, lineLength: nil), as: UTF8.self)
    }
}
