// ShownText.swift — a job's value as a mail shows it: one line of visible text, cut at a known length.

/// The one rule for every job value a mail shows (a name, a login, a device, ...), in the header
/// and in both parts: the value can add no line, paragraph or reordered text of its own.
///
/// - Each run of line breaking characters (controls, general category Cc: CR, LF, tab, ESC, NEL,
///   C1 ...; U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR) and ASCII spaces becomes one
///   space, and the ends are trimmed.
/// - Invisible characters that reorder or hide text are removed: the bidi controls U+061C,
///   U+200E/200F, U+202A–202E and U+2066–2069, the deprecated format characters U+206A–206F,
///   the interlinear annotation characters U+FFF9–FFFB and U+FEFF (zero width no-break space).
///   Joiners (U+200C/200D, needed by emoji and some scripts) and other letters stay.
/// - A value longer than `limit` characters (grapheme clusters) keeps its first `limit - 1`
///   characters followed by `…`.
package enum ShownText {
    /// The most characters a shown value keeps, its ellipsis included.
    package static let limit = 200

    /// `raw` as one line of visible text (see the type's rules); empty when nothing visible is left.
    package static func line(_ raw: String, limit: Int = ShownText.limit) -> String {
        if isPlainASCII(raw, limit: limit) { return raw }
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where !isHidden(scalar) {
            let next: Unicode.Scalar = breaksLine(scalar) ? " " : scalar
            // Drop a space at the start or after another space.
            if next == " " && (scalars.isEmpty || scalars.last == " ") { continue }
            scalars.append(next)
        }
        if scalars.last == " " { scalars.removeLast() }
        let text = String(scalars)
        guard text.utf8.count > limit, text.count > limit else { return text }
        return String(text.prefix(limit - 1)).trimmingTrailingSpace + "…"
    }

    /// Whether `scalar` is a control (Cc) or a line or paragraph separator: it becomes a space.
    package static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Whether `scalar` is an invisible character that reorders or hides text: it is removed.
    package static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x206A...0x206F, 0xFEFF, 0xFFF9...0xFFFB: return true
        default: return false
        }
    }

    /// Whether `text` already is what `line` makes of it: printable ASCII, single inner spaces,
    /// no space at either end, at most `limit` bytes (the common case, checked on the bytes).
    private static func isPlainASCII(_ text: String, limit: Int) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count <= limit, bytes.first != 0x20, bytes.last != 0x20 else { return false }
            var previous: UInt8 = 0
            for b in bytes {
                guard b >= 0x20, b < 0x7F, !(b == 0x20 && previous == 0x20) else { return false }
                previous = b
            }
            return true
        }
    }
}

extension String {
    /// The string without its trailing ASCII spaces.
    fileprivate var trimmingTrailingSpace: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
