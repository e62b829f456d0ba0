// String+UTF8.swift — a String's UTF-8 as a buffer, for the byte scans on the per-mail path.
import Foundation

extension String {
    /// Calls `body` with the string's UTF-8 bytes: in place for native strings (contiguous
    /// storage), else a copy. Scanning a buffer costs a fraction of iterating `utf8`.
    @inline(__always)
    package func withUTF8Buffer<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(utf8).withUnsafeBufferPointer(body)
    }
}
