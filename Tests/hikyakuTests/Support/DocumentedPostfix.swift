// DocumentedPostfix.swift — the Postfix lines docs/inbound.md tells users to copy, read from the page so a test runs exactly those.
import Foundation
import XCTest

/// The files of one subsection of docs/inbound.md's "Postfix configuration": in its code
/// blocks, a comment line `# /etc/postfix/NAME …` starts file NAME, and the lines after it to
/// the end of the block (other comments and blank lines aside; master.cf's indented
/// continuation lines kept) are its lines. Blocks without such a line (hikyaku's JSON) are not read.
struct DocumentedPostfix {
    static let page = Workspace.repository.appendingPathComponent("docs/inbound.md")
    static let section = "## Postfix configuration"

    /// Files in the page's order: `main.cf`, `master.cf`, maps.
    var files: [(name: String, lines: [String])] = []

    /// The files of the subsection (`### …`) of "Postfix configuration" whose heading starts with `heading`.
    static func read(_ heading: String) throws -> DocumentedPostfix {
        let text = try String(contentsOf: page, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let start = try XCTUnwrap(lines.firstIndex(of: section), "docs/inbound.md has no \"\(section)\"")
        let first = try XCTUnwrap(
            lines[start...].firstIndex { $0.hasPrefix("### " + heading) }, "docs/inbound.md: no \"### \(heading)\" under \(section)")
        var result = DocumentedPostfix()
        var inBlock = false
        var current: Int?  // the file being read: set by its comment line, ended with its block
        for line in lines[(first + 1)...] {
            if !inBlock && line.hasPrefix("#") { break }  // the next heading ends the subsection
            if line.hasPrefix("```") {
                inBlock.toggle()
                current = nil
                continue
            }
            guard inBlock, !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            if line.hasPrefix("# /etc/postfix/") {
                let name = line.dropFirst("# /etc/postfix/".count).prefix { !" :,".contains($0) }
                result.files.append((String(name), []))
                current = result.files.count - 1
            } else if !line.hasPrefix("#"), let current {
                result.files[current].lines.append(line)
            }
        }
        XCTAssertFalse(result.files.isEmpty, "docs/inbound.md: no /etc/postfix files under \"### \(heading)\"")
        return result
    }

    /// Every line with each `(from, to)` replaced, in order.
    func adapted(_ replacements: [(String, String)]) -> DocumentedPostfix {
        var copy = self
        for index in copy.files.indices {
            copy.files[index].lines = copy.files[index].lines.map { line in
                replacements.reduce(line) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            }
        }
        return copy
    }

    /// The lines of file `name` (all its blocks), empty when the subsection has none.
    func lines(_ name: String) -> [String] {
        files.filter { $0.name == name }.flatMap(\.lines)
    }
}
