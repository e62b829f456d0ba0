// MailJudge.swift — asks Python's email package (the independent judge) what a delivered message says.
import Foundation

/// One message as decoded by `Tests/judge/email_judge.py`.
struct JudgedMail {
    let object: [String: Any]

    var subject: String { object["subject"] as? String ?? "" }
    var to: String { object["to"] as? String ?? "" }
    var defects: [String] { object["defects"] as? [String] ?? [] }
    var parts: [[String: Any]] { object["parts"] as? [[String: Any]] ?? [] }
    /// The decoded text/plain part.
    var text: String { parts.first { $0["content_type"] as? String == "text/plain" }?["text"] as? String ?? "" }
    var html: String { parts.first { $0["content_type"] as? String == "text/html" }?["text"] as? String ?? "" }
    var headers: [String] { object["headers"] as? [String] ?? [] }

    /// Judges every file in `paths` (smtp-sink dumps or .eml files).
    static func judge(_ paths: [String]) throws -> [JudgedMail] {
        guard !paths.isEmpty else { return [] }
        let script = Workspace.repository.appendingPathComponent("Tests/judge/email_judge.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + paths
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let objects = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        // The envelope and the job header are read from the raw dump, not from the judge.
        return zip(paths, objects).map { path, object in
            var object = object
            let raw = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            for line in raw.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }).prefix(200) {
                let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if text.hasPrefix("X-Rcpt-Args: ") { object["envelope_rcpt"] = String(text.dropFirst(13)) }
                if text.hasPrefix("X-Hikyaku-Job: ") { object["job_header"] = String(text.dropFirst(15)) }
            }
            return JudgedMail(object: object)
        }
    }
}

/// The first `token=` value in `text`.
func extractToken(_ text: String) -> String? {
    guard let range = text.range(of: "token=") else { return nil }
    let tail = text[range.upperBound...]
    let token = tail.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    return token.isEmpty ? nil : String(token)
}
