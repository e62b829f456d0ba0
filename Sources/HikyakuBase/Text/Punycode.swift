// Punycode.swift — RFC 3492 Bootstring with Punycode's parameters: Unicode labels to ASCII and back.

/// Punycode (RFC 3492): the ASCII form of one domain label's code points, without the `xn--` prefix.
///
/// Encoding keeps basic (ASCII) code points as they are, case included, and writes digits in
/// lowercase; decoding reads digits in either case. Both refuse input that would overflow.
package enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
    private static let initialBias = 72, initialN = 0x80

    /// The Punycode of `input` (RFC 3492 §6.3); nil on overflow (far beyond any domain label).
    package static func encode(_ input: [Unicode.Scalar]) -> String? {
        var output = input.filter(\.isASCII).map { UInt8($0.value) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }
        var n = initialN, delta = 0, bias = initialBias
        let values = input.map { Int($0.value) }
        while handled < values.count {
            // The smallest code point not yet handled.
            guard let m = values.filter({ $0 >= n }).min() else { return nil }
            let (product, overflow) = (m - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow, product <= Int(Int32.max) - delta else { return nil }
            delta += product
            n = m
            for c in values {
                if c < n {
                    delta += 1
                    guard delta <= Int(Int32.max) else { return nil }
                }
                guard c == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = threshold(k, bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, handled + 1, handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The code points `input` encodes (RFC 3492 §6.2); nil when it is not valid Punycode.
    package static func decode(_ input: String) -> [Unicode.Scalar]? {
        let bytes = Array(input.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let split = bytes.lastIndex(of: UInt8(ascii: "-")) ?? 0
        var output: [Int] = bytes[..<split].map(Int.init)
        var n = initialN, i = 0, bias = initialBias
        var index = split > 0 ? split + 1 : 0
        while index < bytes.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard index < bytes.count, let value = digitValue(bytes[index]) else { return nil }
                index += 1
                let (step, overflow) = value.multipliedReportingOverflow(by: w)
                guard !overflow, step <= Int(Int32.max) - i else { return nil }
                i += step
                let t = threshold(k, bias)
                if value < t { break }
                guard w <= Int(Int32.max) / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count, oldI == 0)
            guard i / count <= Int(Int32.max) - n else { return nil }
            n += i / count
            i %= count
            // Surrogates and values past U+10FFFF are not scalars; basic code points are never encoded.
            guard n >= initialN, Unicode.Scalar(UInt32(truncatingIfNeeded: n)) != nil, n <= 0x10FFFF else { return nil }
            output.insert(n, at: i)
            i += 1
        }
        return output.compactMap { Unicode.Scalar(UInt32($0)) }
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    /// RFC 3492 §6.1.
    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// `a`…`z` for 0…25, `0`…`9` for 26…35.
    private static func digit(_ value: Int) -> UInt8 {
        value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0")) + 26
        default: return nil
        }
    }
}
