// ConstantTime.swift — comparison whose running time does not depend on where inputs differ.

/// Comparisons for secrets and digests that take the same time wherever the inputs differ.
public enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Every byte of the longer input is visited and
    /// differences are OR-ed together, so timing reveals only the lengths, never the position of
    /// the first difference.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let n = max(a.count, b.count)
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    /// `equals` over the UTF-8 bytes of two strings (e.g. two hex digests).
    public static func equals(_ a: String, _ b: String) -> Bool {
        equals(Array(a.utf8), Array(b.utf8))
    }
}
