// CharsetDecoder.swift — turns the bytes of a received text (UTF-8, ISO-2022-JP, Shift_JIS, EUC-JP, Latin-1) into a String.
import Foundation

/// Decodes text that arrived in a MIME charset, as bounces and replies from Japanese MTAs send it.
///
/// UTF-8 and US-ASCII; ISO-2022-JP (and -1/-2, RFC 1468); Shift_JIS (CP932, Windows-31J);
/// EUC-JP; ISO-8859-1 and Windows-1252. The Japanese charsets are read through JIS X 0208 pairs
/// (`CharsetDecoder+JIS.swift`), a few hundred at a time, because Foundation's codec on Linux has
/// no EUC-JP and gives up on long ISO-2022-JP input. `decode` never fails: a byte sequence that
/// does not decode becomes U+FFFD; an unknown or absent charset is read as UTF-8, or, when the bytes
/// are not UTF-8, as EUC-JP or Shift_JIS if they are valid as one of those, else UTF-8 with U+FFFD.
package enum CharsetDecoder {
    /// The charsets `decode` knows by name (lowercased MIME names and common aliases).
    package enum Known: Sendable {
        case utf8, iso2022JP, shiftJIS, eucJP, latin1, windows1252
    }

    /// The charset a MIME `charset` parameter names, or nil when it is unknown.
    package static func known(_ name: String) -> Known? {
        let lowered = name.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t")).lowercased()
        switch lowered {
        case "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968": return .utf8
        case "iso-2022-jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3", "csiso2022jp", "jis", "iso2022jp": return .iso2022JP
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932", "x-ms-cp932":
            return .shiftJIS
        case "euc-jp", "eucjp", "x-euc-jp", "cseucpkdfmtjapanese", "ujis": return .eucJP
        case "iso-8859-1", "latin1", "iso_8859-1", "l1": return .latin1
        case "windows-1252", "cp1252": return .windows1252
        default: return nil
        }
    }

    /// `bytes` as text in `charset` (a MIME name, nil when the part names none); never fails.
    package static func decode(_ bytes: [UInt8], charset: String?) -> String {
        if let charset, let known = known(charset) { return decode(bytes, as: known) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let text = strict(bytes, as: .eucJP) ?? strict(bytes, as: .shiftJIS) { return text }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `bytes` as text in `charset`, or nil when the charset is unknown or a byte sequence does not decode.
    package static func strict(_ bytes: [UInt8], charset: String) -> String? {
        known(charset).flatMap { strict(bytes, as: $0) }
    }

    /// `bytes` in `charset`; U+FFFD for what does not decode.
    package static func decode(_ bytes: [UInt8], as charset: Known) -> String {
        switch charset {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .iso2022JP: return JIS.iso2022JP(bytes).text
        case .shiftJIS: return JIS.shiftJIS(bytes).text
        case .eucJP: return JIS.eucJP(bytes).text
        case .latin1: return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case .windows1252: return String(data: Data(bytes), encoding: .windowsCP1252) ?? decode(bytes, as: .latin1)
        }
    }

    /// `bytes` in `charset`, or nil when any byte sequence does not decode.
    package static func strict(_ bytes: [UInt8], as charset: Known) -> String? {
        switch charset {
        case .utf8: return String(validating: bytes, as: UTF8.self)
        case .iso2022JP: return JIS.iso2022JP(bytes).valid
        case .shiftJIS: return JIS.shiftJIS(bytes).valid
        case .eucJP: return JIS.eucJP(bytes).valid
        case .latin1, .windows1252: return decode(bytes, as: charset)
        }
    }
}
