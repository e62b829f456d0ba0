// HeaderEncoder+Words.swift — cuts text into RFC 2047 B encoded-words that fit and decode back exactly.
import Foundation

extension HeaderEncoder {
    /// UTF-8 words: whole grapheme clusters per word; a cluster too long for any word is cut between scalars.
    static func utf8Words(_ text: String, firstLimit: Int) -> [String] {
        let prefix = "=?UTF-8?B?"
        let overhead = prefix.utf8.count + 2
        let fullCapacity = (maxEncodedWordLength - overhead) / 4 * 3
        // Units that must not be cut: clusters, or the scalars of an oversized cluster, as the
        // UTF-8 offsets where each ends.
        let bytes = Array(text.utf8)
        var ends: [Int] = []
        ends.reserveCapacity(bytes.count)
        var offset = 0
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            let length = text.utf8.distance(from: index, to: next)
            if length <= fullCapacity {
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
        var capacity = max(0, (firstLimit - overhead) / 4 * 3)
        // If even the first unit does not fit beside the field name, start on a continuation line.
        if let first = ends.first, first > capacity { capacity = fullCapacity }
        var words: [String] = []
        var chunkStart = 0, unitStart = 0
        func word(_ end: Int) -> String {
            bytes.withUnsafeBufferPointer { all in
                prefix
                    + String(
                        decoding: BodyEncoder.base64(UnsafeBufferPointer(rebasing: all[chunkStart..<end]), lineLength: nil),
                        as: UTF8.self) + "?="
            }
        }
        for end in ends {
            if unitStart - chunkStart + (end - unitStart) > capacity && unitStart > chunkStart {
                words.append(word(unitStart))
                chunkStart = unitStart
                capacity = fullCapacity
            }
            unitStart = end
        }
        if unitStart > chunkStart || words.isEmpty { words.append(word(unitStart)) }
        return words
    }

    /// ISO-2022-JP words: each a self-contained sequence (back in ASCII at its end), cut between
    /// characters; `text` is NFC and already known to be representable.
    static func iso2022JPWords(_ text: String, firstLimit: Int) -> [String] {
        let prefix = "=?ISO-2022-JP?B?"
        let overhead = prefix.utf8.count + 2
        func fits(_ bytes: [UInt8], _ limit: Int) -> Bool { overhead + (bytes.count + 2) / 3 * 4 <= limit }
        func encode(_ s: String) -> [UInt8] {
            guard let bytes = ISO2022JP.encode(s) else { preconditionFailure("checked as representable") }
            return bytes
        }
        var limit = firstLimit
        if let first = text.first, !fits(encode(String(first)), limit) { limit = maxEncodedWordLength }
        var words: [String] = []
        var chunk = ""
        var bytes: [UInt8] = []
        for c in text {
            // Re-encode the grown chunk: escape sequences are shared, so lengths do not simply add up.
            let grown = encode(chunk + String(c))
            if fits(grown, limit) || chunk.isEmpty {
                chunk.append(c)
                bytes = grown
                continue
            }
            words.append(prefix + base64(bytes) + "?=")
            limit = maxEncodedWordLength
            chunk = String(c)
            bytes = encode(chunk)
        }
        words.append(prefix + base64(bytes) + "?=")
        return words
    }

    /// Plain base64 (no line breaks) as a String.
    static func base64(_ bytes: [UInt8]) -> String {
        String(decoding: BodyEncoder.base64(bytes, lineLength: nil), as: UTF8.self)
    }
}
