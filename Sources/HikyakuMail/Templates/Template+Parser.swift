// Template+Parser.swift — turns template text into nodes: scan tags, drop standalone lines, nest sections.
import Foundation

extension Template {
    /// What a tag does, decided by its sigil.
    enum TagKind: Equatable {
        case variable, raw, section, inverted, close, partial, comment

        /// Tags that vanish with their whole line when alone on it (the Mustache standalone rule).
        var canStandAlone: Bool { self != .variable && self != .raw }
    }

    struct Tag {
        let kind: TagKind
        let name: String
        let line: Int
        let column: Int
        var indent = ""
    }

    enum Token {
        case text(String)
        case tag(Tag)
    }

    /// The three passes; each throws the first problem it meets, with its position.
    static func parse(_ source: String, file: String) throws(TemplateError) -> [Node] {
        let normalized = source.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = try scanLines(Array(normalized), file: file)
        return try buildTree(lines.flatMap(applyStandaloneRule), file: file)
    }

    /// Pass 1: split into lines of tokens; a text token ends at (and includes) its newline.
    private static func scanLines(_ chars: [Character], file: String) throws(TemplateError) -> [[Token]] {
        var lines: [[Token]] = [[]]
        var text = ""
        var index = 0, line = 1, column = 1
        while index < chars.count {
            let char = chars[index]
            if char == "{", index + 1 < chars.count, chars[index + 1] == "{" {
                if !text.isEmpty { lines[lines.count - 1].append(.text(text)); text = "" }
                let (tag, end) = try scanTag(chars, at: index, line: line, column: column, file: file)
                lines[lines.count - 1].append(.tag(tag))
                // Comments may span lines; keep the position honest for what follows.
                for tagChar in chars[index..<end] {
                    if tagChar == "\n" { line += 1; column = 1 } else { column += 1 }
                }
                index = end
                continue
            }
            text.append(char)
            index += 1
            if char == "\n" {
                lines[lines.count - 1].append(.text(text))
                lines.append([])
                text = ""
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        if !text.isEmpty { lines[lines.count - 1].append(.text(text)) }
        return lines
    }

    /// Reads one tag starting at the `{{` at `start`; returns it and the index just past its close.
    private static func scanTag(
        _ chars: [Character], at start: Int, line: Int, column: Int, file: String
    ) throws(TemplateError) -> (Tag, Int) {
        let triple = start + 2 < chars.count && chars[start + 2] == "{"
        let opener = triple ? 3 : 2
        let closer: [Character] = triple ? ["}", "}", "}"] : ["}", "}"]
        guard let close = find(closer, in: chars, from: start + opener) else {
            throw .unclosedTag(file: file, line: line, column: column)
        }
        var content = String(chars[(start + opener)..<close]).trimmingCharacters(in: .whitespaces)
        let end = close + closer.count
        var kind = TagKind.variable
        if triple {
            kind = .raw
        } else if let sigil = content.first {
            switch sigil {
            case "#": kind = .section
            case "^": kind = .inverted
            case "/": kind = .close
            case ">": kind = .partial
            case "&": kind = .raw
            case "!": return (Tag(kind: .comment, name: "", line: line, column: column), end)
            case "=", "<", "$":
                throw .unsupportedTag(file: file, line: line, column: column, tag: "{{\(sigil)")
            default: break
            }
            if kind != .variable {
                content = String(content.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
        }
        // A newline or a second "{{" inside a tag means its "}}" was forgotten.
        if content.contains("\n") || content.contains("{{") {
            throw .unclosedTag(file: file, line: line, column: column)
        }
        guard !content.isEmpty else { throw .emptyName(file: file, line: line, column: column) }
        guard isValidName(content, dotted: kind != .partial) else {
            throw .invalidName(file: file, line: line, column: column, name: content)
        }
        return (Tag(kind: kind, name: content, line: line, column: column), end)
    }

    private static func find(_ needle: [Character], in chars: [Character], from start: Int) -> Int? {
        guard chars.count >= needle.count, start <= chars.count - needle.count else { return nil }
        return (start...(chars.count - needle.count)).first { chars[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Letters, digits, `_` and `-` (ASCII); variables may join such parts with single dots.
    /// Partial names never hold dots or slashes, so they cannot point outside `partials/`.
    private static func isValidName(_ name: String, dotted: Bool) -> Bool {
        let parts = dotted ? name.split(separator: ".", omittingEmptySubsequences: false) : [Substring(name)]
        return parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        }
    }

    /// Pass 2: a line holding one section, inverted, close, partial or comment tag and otherwise only
    /// spaces and tabs is reduced to that tag, so block tags leave no blank lines behind.
    private static func applyStandaloneRule(_ line: [Token]) -> [Token] {
        var tags: [Tag] = []
        var leading = ""
        for token in line {
            switch token {
            case .tag(let tag):
                tags.append(tag)
            case .text(let text):
                guard text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else { return line }
                if tags.isEmpty { leading += text }
            }
        }
        guard tags.count == 1, var tag = tags.first, tag.kind.canStandAlone else { return line }
        tag.indent = leading
        return [.tag(tag)]
    }

    /// Pass 3: nest sections, checking that every close matches the innermost open section.
    private static func buildTree(_ tokens: [Token], file: String) throws(TemplateError) -> [Node] {
        var stack: [(open: Tag?, nodes: [Node])] = [(nil, [])]
        for token in tokens {
            guard case .tag(let tag) = token else {
                // Adjacent text (one token per line) becomes one node: fewer appends per render.
                if case .text(let text) = token {
                    if case .text(let before)? = stack[stack.count - 1].nodes.last {
                        stack[stack.count - 1].nodes[stack[stack.count - 1].nodes.count - 1] = .text(before + text)
                    } else {
                        stack[stack.count - 1].nodes.append(.text(text))
                    }
                }
                continue
            }
            let reference = { (role: Reference.Role) in
                Reference(name: tag.name, role: role, line: tag.line, column: tag.column)
            }
            switch tag.kind {
            case .comment: break
            case .variable: stack[stack.count - 1].nodes.append(.variable(reference(.variable), escaped: true))
            case .raw: stack[stack.count - 1].nodes.append(.variable(reference(.rawVariable), escaped: false))
            case .partial: stack[stack.count - 1].nodes.append(.partial(reference(.partial), indent: tag.indent))
            case .section, .inverted: stack.append((tag, []))
            case .close:
                guard let open = stack[stack.count - 1].open else {
                    throw .unexpectedClose(file: file, line: tag.line, column: tag.column, name: tag.name)
                }
                guard open.name == tag.name else {
                    throw .mismatchedClose(
                        file: file, line: tag.line, column: tag.column, expected: open.name, found: tag.name)
                }
                let children = stack.removeLast().nodes
                let inverted = open.kind == .inverted
                let opened = Reference(
                    name: open.name, role: inverted ? .invertedSection : .section, line: open.line, column: open.column)
                stack[stack.count - 1].nodes.append(.section(opened, inverted: inverted, children: children))
            }
        }
        if let open = stack[stack.count - 1].open {
            throw .unclosedSection(file: file, line: open.line, column: open.column, name: open.name)
        }
        return stack[0].nodes
    }
}
