// TemplateTestSupport.swift — builds throwaway template trees on disk for the library and linter tests.
import Foundation
import XCTest
@testable import HikyakuMail

/// A templates directory in a fresh temporary folder, removed when the test ends.
struct TemplateTree {
    let url: URL

    /// Writes `files` (relative path → contents) under a new temporary directory.
    init(_ files: [String: String], testCase: XCTestCase) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hikyaku-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let root = url
        testCase.addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        for (path, contents) in files { try write(path, contents) }
    }

    func write(_ path: String, _ contents: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(path))
    }

    /// Every kind × language × part plus a `footer` partial, all valid and using only known names.
    static func complete() -> [String: String] {
        var files: [String: String] = [:]
        for kind in MailCatalogue.standard.names {
            for language in ["ja", "en"] {
                files["\(kind)/\(language).subject"] = "[\(language)] \(kind) for {{login_id}}\n"
                files["\(kind)/\(language).txt"] = "\(language) text for {{to_name}}\n{{> footer}}\n"
                files["\(kind)/\(language).html"] = "<p>\(language) html for {{to_name}}</p>\n{{> footer}}\n"
            }
        }
        files["partials/footer.ja.txt"] = "-- \n問い合わせ: {{support}}\n"
        files["partials/footer.en.txt"] = "-- \nContact: {{support}}\n"
        files["partials/footer.ja.html"] = "<footer>問い合わせ: {{support}}</footer>\n"
        files["partials/footer.en.html"] = "<footer>Contact: {{support}}</footer>\n"
        return files
    }
}

/// Runs `body`, expecting it to throw a `TemplateError`, and returns that error.
func expectTemplateError<T>(
    _ body: () throws(TemplateError) -> T, file: StaticString = #filePath, line: UInt = #line
) -> TemplateError? {
    do {
        let value = try body()
        XCTFail("expected a TemplateError, got \(value)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}
