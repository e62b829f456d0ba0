// JSONParseError.swift — why bytes are not JSON, with the byte offset where the parser gave up.

/// Why `JSONValue.parse` refused its input. `offset` counts bytes from the start of the input.
public enum JSONParseError: Error, Equatable, CustomStringConvertible {
    /// The input ended inside a value (or was empty).
    case unexpectedEnd
    /// A byte that cannot start or continue what was being read.
    case unexpectedByte(UInt8, offset: Int)
    /// A string's bytes are not well-formed UTF-8.
    case invalidUTF8(offset: Int)
    /// A control character (U+0000…U+001F) written raw inside a string: it must be escaped.
    case controlCharacter(UInt8, offset: Int)
    /// A backslash followed by something other than `"\/bfnrtu`, or `\u` without four hex digits.
    case invalidEscape(offset: Int)
    /// A `\u` escape of a UTF-16 surrogate that is not part of a high-then-low pair.
    case loneSurrogate(offset: Int)
    /// A number with a superfluous leading zero (`01`, `-00`).
    case leadingZero(offset: Int)
    /// A number too large for a `Double` (`1e400`).
    case numberOutOfRange(offset: Int)
    /// An object names the same key twice (reported only when the options say to refuse it).
    case duplicateKey(String, offset: Int)
    /// A comma before a closing bracket or brace (refused unless the options allow it).
    case trailingComma(offset: Int)
    /// A byte order mark before the value (refused unless the options allow it).
    case byteOrderMark
    /// Something other than white space after the value.
    case trailingData(offset: Int)
    /// Arrays and objects nested deeper than `limit`.
    case tooDeep(limit: Int)

    /// One line: what is wrong and where.
    public var description: String {
        switch self {
        case .unexpectedEnd: return "JSON ends in the middle of a value; check the file was written completely"
        case .unexpectedByte(let byte, let offset): return "unexpected byte 0x\(hex(byte)) at offset \(offset)"
        case .invalidUTF8(let offset): return "a string at offset \(offset) is not valid UTF-8; write the file as UTF-8"
        case .controlCharacter(let byte, let offset):
            return "raw control character 0x\(hex(byte)) in a string at offset \(offset); escape it (\\n, \\u00XX)"
        case .invalidEscape(let offset):
            return "invalid escape at offset \(offset) (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
        case .loneSurrogate(let offset): return "unpaired UTF-16 surrogate escape at offset \(offset); pair high and low surrogates"
        case .leadingZero(let offset): return "number with a leading zero at offset \(offset)"
        case .numberOutOfRange(let offset): return "number at offset \(offset) is too large for a double"
        case .duplicateKey(let key, let offset):
            return "duplicate key \"\(Sanitize.line(key, limit: 80))\" at offset \(offset); name each member once"
        case .trailingComma(let offset): return "trailing comma at offset \(offset); remove it"
        case .byteOrderMark: return "byte order mark before the JSON; write UTF-8 without one"
        case .trailingData(let offset): return "unexpected data after the JSON value at offset \(offset)"
        case .tooDeep(let limit): return "JSON nested deeper than \(limit) levels"
        }
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + digits : digits
    }
}
