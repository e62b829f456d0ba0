// InboundError.swift — why a file handed to the inbound classifier is not a mail it will read.

/// A message the classifier refuses: everything else, however odd, classifies (as `other` at worst).
package enum InboundError: Error, Equatable, CustomStringConvertible {
    /// Larger than `InboundMessage.maxSize` bytes.
    case tooLarge(size: Int, limit: Int)
    /// No header section: empty, binary, or text that does not start with `Name: value`.
    case notMail(String)

    /// One actionable line.
    package var description: String {
        switch self {
        case .tooLarge(let size, let limit):
            return "the message is \(size) bytes, over the \(limit)-byte limit for inbound mail (not classified)"
        case .notMail(let why): return "not a mail message: \(why)"
        }
    }
}
