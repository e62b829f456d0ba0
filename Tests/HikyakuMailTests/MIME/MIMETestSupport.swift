// MIMETestSupport.swift — decoders and fixtures the MIME tests share (independent of the encoders).
import Foundation
import XCTest
@testable import HikyakuMail

enum MIMETestSupport {
    /// Splits wire text at CRLF (the final CRLF gives no empty line).
    static func lines(_ text: String) -> [String] {
        var parts = text.components(separatedBy: "\r\n")
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// The encoded-words in `header`, in order.
    static func encodedWords(in header: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "=\\?[^?\\s]+\\?[BbQq]\\?[^?\\s]*\\?=")
        let range = NSRange(header.startIndex..., in: header)
        return regex.matches(in: header, range: range).map { String(header[Range($0.range, in: header)!]) }
    }

    /// The bytes and charset of one B or Q encoded-word, or nil if it is malformed.
    static func decodeWordBytes(_ word: String) -> (charset: String, bytes: [UInt8])? {
        let fields = word.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        if fields[1].uppercased() == "Q" {
            var out: [UInt8] = []
            var rest = Substring(fields[2])
            while let c = rest.first {
                if c == "=" {
                    guard rest.count >= 3, let byte = UInt8(rest.dropFirst().prefix(2), radix: 16) else { return nil }
                    out.append(byte)
                    rest = rest.dropFirst(3)
                } else {
                    out.append(c == "_" ? 0x20 : UInt8(ascii: c.unicodeScalars.first!))
                    rest = rest.dropFirst()
                }
            }
            return (String(fields[0]), out)
        }
        guard fields[1].uppercased() == "B", let data = Data(base64Encoded: String(fields[2])) else { return nil }
        return (String(fields[0]), [UInt8](data))
    }

    /// One encoded-word decoded on its own, or nil if its bytes are not valid text in its charset.
    static func decodeWord(_ word: String) -> String? {
        guard let (charset, bytes) = decodeWordBytes(word) else { return nil }
        switch charset.uppercased() {
        case "UTF-8": return String(validating: bytes, as: UTF8.self)
        case "ISO-2022-JP": return String(data: Data(bytes), encoding: .iso2022JP)
        default: return nil
        }
    }

    /// The decoded text of a header made only of encoded-words (whitespace between them ignored).
    static func decodeHeaderWords(_ header: String) -> String? {
        var out = ""
        for word in encodedWords(in: header) {
            guard let text = decodeWord(word) else { return nil }
            out += text
        }
        return out
    }

    /// A minimal quoted-printable decoder (RFC 2045 6.7), written apart from the encoder.
    static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "=") {
                if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A { i += 3; continue }
                if i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
                XCTFail("bad escape at \(i)")
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// True if `bytes` hold no CR without LF and no LF without CR.
    static func isCRLFOnly(_ bytes: [UInt8]) -> Bool {
        for (i, b) in bytes.enumerated() {
            if b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A) { return false }
            if b == 0x0A && (i == 0 || bytes[i - 1] != 0x0D) { return false }
        }
        return true
    }

    /// A message with pinned date, Message-ID and boundary; fields overridable.
    static func message(
        subject: String = "パスワード再設定のご案内 / Password reset",
        fromName: String? = "飛脚サポート", toName: String? = "山田 太郎",
        text: String = "山田 太郎 様\nパスワードを再設定してください。\nReset your password.\n",
        html: String = "<p>山田 太郎 様</p>\n<p>Reset your password.</p>\n",
        charset: MIMECharset = .utf8, language: String = "ja, en",
        extra: [(String, String)] = [("X-Hikyaku-Job", "job123")]
    ) throws -> MIMEMessage {
        MIMEMessage(
            from: try MailAddress("noreply@example.jp", displayName: fromName),
            to: try MailAddress("taro@example.com", displayName: toName),
            subject: subject, date: Date(timeIntervalSince1970: 1_795_262_700),
            timeZone: TimeZone(identifier: "Asia/Tokyo")!, messageID: "job123.abcd@example.jp",
            contentLanguage: language, text: text, html: html,
            boundary: MIMEMessage.boundary(seed: "job123"), charset: charset, extraHeaders: extra)
    }
}
