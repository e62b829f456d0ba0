// TemplateLibrary+Files.swift — the one place composing touches the disk: reads template files, lists directories.
import Foundation

extension TemplateLibrary {
    /// A file under `partials/` whose name follows `<name>.<lang>.<txt|html>`.
    struct PartialFile: Equatable {
        let name: String
        let language: String
        let part: TemplatePart
        /// Relative to the templates directory, e.g. `partials/footer.ja.txt`.
        let path: String
    }

    /// The text of `path` (relative to `directory`), or nil when no such file exists.
    /// CRLF is left for the parser to normalise; a UTF-8 byte-order mark is dropped.
    static func readIfPresent(_ path: String, in directory: URL) throws(TemplateError) -> String? {
        let url = directory.appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "is a directory") }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: path, reason: error.localizedDescription)
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: path, reason: "not valid UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// Files in `partials/`, sorted: those that follow the naming rule, and the paths of the rest.
    static func partialFiles(in directory: URL) -> (found: [PartialFile], stray: [String]) {
        let folder = directory.appendingPathComponent("partials")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var found: [PartialFile] = []
        var stray: [String] = []
        for fileName in names.sorted() where !fileName.hasPrefix(".") {
            let path = "partials/\(fileName)"
            let pieces = fileName.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count == 3, !pieces[0].isEmpty, languages.contains(pieces[1]),
                let part = TemplatePart.allCases.first(where: { $0 != .subject && $0.fileExtension == pieces[2] })
            else {
                stray.append(path)
                continue
            }
            found.append(PartialFile(name: pieces[0], language: pieces[1], part: part, path: path))
        }
        return (found, stray)
    }

    /// Whether `url` is an existing directory.
    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The names in directory `url` (unsorted); empty when it cannot be listed.
    static func names(in url: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    }
}
