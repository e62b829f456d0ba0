// TemplateDiagnostic.swift — one problem the linter found, as `file:line:column: message`.
import Foundation

/// A problem in a templates directory, located like a compiler message so editors can jump to it.
public struct TemplateDiagnostic: Sendable, Equatable, Comparable, CustomStringConvertible {
    /// Path relative to the templates directory, e.g. `password_reset/ja.html`.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, in characters.
    public let column: Int
    /// The problem and its hint, e.g. `unknown variable "expires_at" (known: …)`.
    public let message: String

    /// Holds the location and message as given.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// A diagnostic for `error`, at its position or at 1:1 of `file` when it has none.
    init(_ error: TemplateError, file: String) {
        let place = error.location ?? (file, 1, 1)
        self.init(file: place.file, line: place.line, column: place.column, message: error.message)
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }

    /// Orders by file, then line, then column, then message.
    public static func < (lhs: TemplateDiagnostic, rhs: TemplateDiagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.message)
    }
}
