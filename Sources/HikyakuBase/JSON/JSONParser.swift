// JSONParser.swift — RFC 8259 text to a JSONValue: the structure (values, arrays, objects, white space).
import Foundation

extension JSONValue {
    /// Parses one JSON text (any value at the top level, surrounded by optional white space).
    /// Strings must be UTF-8 with raw control characters escaped; `\u` surrogates must pair;
    /// numbers follow RFC 8259's grammar and become `int` when integral (no fraction or exponent)
    /// and within `Int`, else `double` (an error past `Double`'s range). `options` decide duplicate
    /// keys, trailing commas, a byte order mark, UTF-16/32 input and the nesting limit.
    public static func parse(_ data: Data, options: JSONParseOptions = .strict) throws(JSONParseError) -> JSONValue {
        if options.allowsUTF16AndUTF32, let transcoded = try JSONEncodingDetection.utf8(from: data) {
            return try parse(transcoded, options: options)
        }
        let result = data.withUnsafeBytes { raw -> Result<JSONValue, JSONParseError> in
            var parser = JSONParser(raw.bindMemory(to: UInt8.self), options: options)
            return Result { () throws(JSONParseError) -> JSONValue in try parser.document() }
        }
        return try result.get()
    }

    /// `parse(_:options:)` for bytes in an array.
    public static func parse(_ bytes: [UInt8], options: JSONParseOptions = .strict) throws(JSONParseError) -> JSONValue {
        try parse(Data(bytes), options: options)
    }
}

/// A recursive-descent parser over one buffer; `JSONParser+Scalars.swift` reads strings and numbers.
struct JSONParser {
    let input: UnsafeBufferPointer<UInt8>
    let options: JSONParseOptions
    var index = 0
    var depth = 0

    init(_ input: UnsafeBufferPointer<UInt8>, options: JSONParseOptions) {
        self.input = input
        self.options = options
    }

    /// The whole input: an optional byte order mark, then one value with white space around it.
    mutating func document() throws(JSONParseError) -> JSONValue {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            guard options.allowsByteOrderMark else { throw .byteOrderMark }
            index = 3
        }
        skipWhitespace()
        let value = try self.value()
        skipWhitespace()
        guard index == input.count else { throw .trailingData(offset: index) }
        return value
    }

    mutating func value() throws(JSONParseError) -> JSONValue {
        guard index < input.count else { throw .unexpectedEnd }
        switch input[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case let byte: throw .unexpectedByte(byte, offset: index)
        }
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            let keyOffset = index
            guard try peek() == UInt8(ascii: "\"") else { throw .unexpectedByte(input[index], offset: index) }
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let member = try value()
            if members.updateValue(member, forKey: key) != nil, options.duplicateKeys == .reject {
                throw .duplicateKey(key, offset: keyOffset)
            }
            if try separator(closing: UInt8(ascii: "}")) { return .object(members) }
        }
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            if try separator(closing: UInt8(ascii: "]")) { return .array(elements) }
        }
    }

    /// After a member or element: true at the closing bracket (consumed), false after a comma
    /// with another value to come. A comma right before the bracket is a trailing comma.
    private mutating func separator(closing: UInt8) throws(JSONParseError) -> Bool {
        skipWhitespace()
        switch try peek() {
        case closing:
            index += 1
            return true
        case UInt8(ascii: ","):
            let comma = index
            index += 1
            skipWhitespace()
            guard index < input.count, input[index] == closing else { return false }
            guard options.allowsTrailingCommas else { throw .trailingComma(offset: comma) }
            index += 1
            return true
        case let byte:
            throw .unexpectedByte(byte, offset: index)
        }
    }

    /// One level deeper into an array or object (the opening bracket is consumed).
    private mutating func enter() throws(JSONParseError) {
        guard depth < options.maxDepth else { throw .tooDeep(limit: options.maxDepth) }
        depth += 1
        index += 1
    }

    /// The byte at the cursor; the input must not end here.
    func peek() throws(JSONParseError) -> UInt8 {
        guard index < input.count else { throw .unexpectedEnd }
        return input[index]
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        let found = try peek()
        guard found == byte else { throw .unexpectedByte(found, offset: index) }
        index += 1
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        for offset in 0..<word.utf8CodeUnitCount {
            let expected = word.utf8Start[offset]
            let found = try peek()
            guard found == expected else { throw .unexpectedByte(found, offset: index) }
            index += 1
        }
    }

    /// Skips RFC 8259 white space: space, tab, line feed, carriage return.
    mutating func skipWhitespace() {
        while index < input.count {
            switch input[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }
}
