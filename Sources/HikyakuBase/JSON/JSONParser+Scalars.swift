// JSONParser+Scalars.swift — strings (UTF-8 checked, escapes and surrogate pairs decoded) and numbers (RFC 8259 grammar).

extension JSONParser {
    /// A string literal at the cursor (the opening quote), decoded.
    mutating func string() throws(JSONParseError) -> String {
        let start = index
        index += 1
        // Most strings have no escape: one scan, then one UTF-8 validation of the bytes in place.
        var run = index
        while run < input.count {
            let byte = input[run]
            if byte == UInt8(ascii: "\"") {
                let text = try validated(UnsafeBufferPointer(rebasing: input[index..<run]), offset: start)
                index = run + 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw .controlCharacter(byte, offset: run) }
            run += 1
        }
        guard run < input.count else { throw .unexpectedEnd }
        var bytes = [UInt8](UnsafeBufferPointer(rebasing: input[index..<run]))
        index = run
        while true {
            let byte = try peek()
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in try validated(buffer, offset: start) }
            case UInt8(ascii: "\\"):
                try escape(into: &bytes)
            case 0..<0x20:
                throw .controlCharacter(byte, offset: index)
            default:
                bytes.append(byte)
                index += 1
            }
        }
    }

    private func validated(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int) throws(JSONParseError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8(offset: offset) }
        return text
    }

    /// One escape at the cursor (the backslash), appended as UTF-8.
    private mutating func escape(into bytes: inout [UInt8]) throws(JSONParseError) {
        let start = index
        index += 1
        let letter = try peek()
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(letter)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4(escapeAt: start))
            if (0xDC00...0xDFFF).contains(scalar) { throw .loneSurrogate(offset: start) }
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < input.count, input[index] == UInt8(ascii: "\\"), input[index + 1] == UInt8(ascii: "u") else {
                    throw .loneSurrogate(offset: start)
                }
                let lowStart = index
                index += 2
                let low = UInt32(try hex4(escapeAt: lowStart))
                guard (0xDC00...0xDFFF).contains(low) else { throw .loneSurrogate(offset: start) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            // Never a surrogate here, so always a scalar.
            if let decoded = Unicode.Scalar(scalar) { UTF8.encode(decoded) { bytes.append($0) } }
        default:
            throw .invalidEscape(offset: start)
        }
    }

    /// The four hex digits after `\u`.
    private mutating func hex4(escapeAt start: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = try peek()
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidEscape(offset: start)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// A number at the cursor: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func number() throws(JSONParseError) -> JSONValue {
        let start = index
        let negative = input[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let first = try peek()
        guard isDigit(first) else { throw .unexpectedByte(first, offset: index) }
        // Integral digits accumulate as a negative magnitude, so Int.min fits.
        var magnitude = 0
        var fits = true
        if first == UInt8(ascii: "0") {
            index += 1
            if index < input.count, isDigit(input[index]) { throw .leadingZero(offset: start) }
        } else {
            while index < input.count, isDigit(input[index]) {
                let digit = Int(input[index] - UInt8(ascii: "0"))
                let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                let (next, under) = times.subtractingReportingOverflow(digit)
                if overflow || under { fits = false } else { magnitude = next }
                index += 1
            }
        }
        var integral = true
        if index < input.count, input[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            try digits()
        }
        if index < input.count, input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < input.count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
        if integral && fits {
            if negative { return .int(magnitude) }
            if magnitude != Int.min { return .int(-magnitude) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else { throw .numberOutOfRange(offset: start) }
        return .double(double)
    }

    /// One or more digits (after a decimal point or an exponent).
    private mutating func digits() throws(JSONParseError) {
        let first = try peek()
        guard isDigit(first) else { throw .unexpectedByte(first, offset: index) }
        while index < input.count, isDigit(input[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
