// JSONParseOptions.swift — what JSONValue.parse refuses beyond RFC 8259's grammar, and what it tolerates as Foundation did.

/// The choices RFC 8259 leaves to a parser, and the leniencies `JSONSerialization` had that
/// hikyaku's readers keep until they are refused on purpose.
///
/// `strict` is RFC 8259 with no leniency: one UTF-8 value, no byte order mark, no trailing
/// commas, unique keys. `foundationCompatible` accepts exactly what `JSONSerialization` accepted
/// (a UTF-8 byte order mark, UTF-16/32 input, trailing commas, duplicate keys with the last
/// one winning): every reader of job files, records and config uses it so that this parser
/// changes nothing they accept.
public struct JSONParseOptions: Sendable, Equatable {
    /// What an object that names a key twice becomes.
    public enum DuplicateKeys: Sendable, Equatable {
        /// The last member with the key is kept (as `JSONSerialization` does).
        case lastWins
        /// Parsing fails with `JSONParseError.duplicateKey`.
        case reject
    }

    /// What to do with an object that names a key twice.
    public var duplicateKeys: DuplicateKeys
    /// Whether `[1,]` and `{"a":1,}` are read as `[1]` and `{"a":1}`.
    public var allowsTrailingCommas: Bool
    /// Whether a UTF-8 byte order mark before the value is skipped (RFC 8259 §8.1 allows this).
    public var allowsByteOrderMark: Bool
    /// Whether UTF-16 and UTF-32 input (told apart by its byte order mark or its zero bytes, as
    /// `JSONSerialization` does) is transcoded to UTF-8 first.
    public var allowsUTF16AndUTF32: Bool
    /// The deepest nesting of arrays and objects parsed; deeper input fails with `tooDeep`.
    public var maxDepth: Int

    /// Creates options; the defaults are `strict`'s.
    public init(
        duplicateKeys: DuplicateKeys = .reject, allowsTrailingCommas: Bool = false, allowsByteOrderMark: Bool = false,
        allowsUTF16AndUTF32: Bool = false, maxDepth: Int = 512
    ) {
        self.duplicateKeys = duplicateKeys
        self.allowsTrailingCommas = allowsTrailingCommas
        self.allowsByteOrderMark = allowsByteOrderMark
        self.allowsUTF16AndUTF32 = allowsUTF16AndUTF32
        self.maxDepth = maxDepth
    }

    /// RFC 8259, nothing more: duplicate keys, trailing commas and byte order marks are errors.
    public static let strict = JSONParseOptions()

    /// What hikyaku reads from job files, records and config: `foundationCompatible`'s leniencies,
    /// but a key named twice in any object is refused. A web tier that validates with a
    /// first-wins parser would otherwise approve one value while hikyaku acts on another.
    public static let spool = JSONParseOptions(
        duplicateKeys: .reject, allowsTrailingCommas: true, allowsByteOrderMark: true, allowsUTF16AndUTF32: true)

    /// What `JSONSerialization.jsonObject(with:)` accepted (its nesting limit was 512 too).
    public static let foundationCompatible = JSONParseOptions(
        duplicateKeys: .lastWins, allowsTrailingCommas: true, allowsByteOrderMark: true, allowsUTF16AndUTF32: true)
}
