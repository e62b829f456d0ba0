// InboundPart.swift — an inbound message as a tree of MIME parts, parsed within fixed limits.
import Foundation
import HikyakuMail

/// One MIME entity: its headers, its decoded text (leaf parts) and its children (multipart
/// parts, or the one message inside `message/rfc822` and `text/rfc822-headers`).
///
/// Parsing never throws past `parse(_:)`'s own checks: a multipart without a usable boundary
/// is read as one text part; nesting deeper than `maxDepth` and parts past `maxParts` are
/// kept as text without children. The whole message is capped at `maxSize` bytes.
package struct InboundPart: Sendable {
    /// The largest message classified: 2 MiB.
    package static let maxSize = 2 * 1024 * 1024
    /// The deepest MIME nesting followed.
    package static let maxDepth = 8
    /// The most parts read from one message.
    package static let maxParts = 256

    /// The part's header section.
    package var headers: InboundHeaders
    /// The media type, lowercased (`text/plain` by default).
    package var type: String
    /// The body with its transfer encoding undone, decoded from its charset (empty for a multipart with children).
    package var text: String
    /// The parts inside, in order.
    package var children: [InboundPart]
    /// 0 for the message itself.
    package var depth: Int

    /// Every part, depth first, this one included.
    package var all: [InboundPart] { [self] + children.flatMap(\.all) }

    /// The message in `bytes`; `notMail` when it has no header section, `tooLarge` past `maxSize`.
    /// Line ends may be LF, CRLF or bare CR (`normalisedLineEnds`).
    package static func parse(_ bytes: [UInt8]) throws(InboundError) -> InboundPart {
        guard bytes.count <= maxSize else { throw .tooLarge(size: bytes.count, limit: maxSize) }
        guard !bytes.isEmpty else { throw .notMail("the file is empty") }
        guard !bytes.prefix(4096).contains(0) else { throw .notMail("it holds NUL bytes (binary data)") }
        let raw = RawText(normalisedLineEnds(bytes))
        var lines = raw.text.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.hasPrefix("From ") { lines.removeFirst() }  // an mbox separator
        guard let first = lines.first, Self.isFieldLine(first) else {
            throw .notMail("the first line is not a header field (Name: value)")
        }
        var budget = maxParts
        return parse(lines[...], latin1: raw.latin1, depth: 0, budget: &budget)
    }

    /// Whether `line` opens a header field: a printable name without spaces, then a colon.
    static func isFieldLine(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return false }
        return line[..<colon].utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// The part in `lines`; `latin1` says they hold one byte per character (`RawText`).
    static func parse(_ lines: ArraySlice<Substring>, latin1: Bool, depth: Int, budget: inout Int) -> InboundPart {
        budget -= 1
        let blank = lines.firstIndex { $0.isEmpty } ?? lines.endIndex
        let fields = lines[lines.startIndex..<blank]
        // 8-bit header fields are UTF-8 (RFC 6532), else whatever Japanese charset they are valid in.
        let headers = InboundHeaders(
            lines: latin1 ? fields.map { Substring(CharsetDecoder.decode(RawText.bytes($0, latin1: true), charset: nil)) } : Array(fields))
        let body = blank < lines.endIndex ? lines[(blank + 1)...] : []
        let (type, parameters) = headers.contentType
        var part = InboundPart(headers: headers, type: type, text: "", children: [], depth: depth)
        let deeper = depth < maxDepth && budget > 0
        if type.hasPrefix("multipart/"), deeper, let boundary = parameters["boundary"], !boundary.isEmpty,
            let pieces = split(body, boundary: boundary)
        {
            for piece in pieces where budget > 0 {
                part.children.append(parse(piece, latin1: latin1, depth: depth + 1, budget: &budget))
            }
            return part
        }
        let content = transferDecoded(body, latin1: latin1, encoding: headers.value("Content-Transfer-Encoding"))
        guard deeper, ["message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers"].contains(type) else {
            part.text = CharsetDecoder.decode(content, charset: parameters["charset"])
            return part
        }
        let inner = RawText(content)
        part.text = inner.latin1 ? CharsetDecoder.decode(content, charset: nil) : inner.text
        let innerLines = inner.text.split(separator: "\n", omittingEmptySubsequences: false)
        if let start = innerLines.firstIndex(where: { !$0.isEmpty }), isFieldLine(innerLines[start]) {
            part.children.append(parse(innerLines[start...], latin1: inner.latin1, depth: depth + 1, budget: &budget))
        }
        return part
    }

    /// The parts between `--boundary` lines, or nil when no delimiter line is there.
    static func split(_ body: ArraySlice<Substring>, boundary: String) -> [ArraySlice<Substring>]? {
        let delimiter = "--" + boundary
        var pieces: [ArraySlice<Substring>] = []
        var start: Int?
        for index in body.indices {
            let line = body[index].trimmingSpaces
            guard line.hasPrefix(delimiter) else { continue }
            let rest = line.dropFirst(delimiter.count)
            guard rest.isEmpty || rest == "--" else { continue }
            if let start { pieces.append(body[start..<index]) }
            start = index + 1
            if rest == "--" {
                start = nil
                break
            }
        }
        if let start, start < body.endIndex { pieces.append(body[start...]) }
        return pieces.isEmpty ? nil : pieces
    }

    /// The bytes of `body` with base64 or quoted-printable undone (other encodings as they
    /// are), line ends made LF.
    static func transferDecoded(_ body: ArraySlice<Substring>, latin1: Bool, encoding: String?) -> [UInt8] {
        let bytes = RawText.bytes(body.joined(separator: "\n"), latin1: latin1)
        switch encoding?.lowercased().trimmingSpaces {
        case "base64":
            let compact = String(decoding: bytes.filter { $0 > 0x20 }, as: UTF8.self)
            guard let data = Data(base64Encoded: compact, options: .ignoreUnknownCharacters) else { return bytes }
            return normalisedLineEnds([UInt8](data))
        case "quoted-printable": return normalisedLineEnds(quotedPrintable(bytes))
        default: return bytes
        }
    }
}
