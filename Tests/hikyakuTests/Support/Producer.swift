// Producer.swift — hands jobs to a test spool the way the web tier does: write tmp/, fsync, rename into new/.
import Foundation
import XCTest

extension Workspace {
    /// A cheap job of `kind` (`login_notice` or `deletion_notice`) for `id`.
    static func cheapJob(_ kind: String, id: String) -> [String: Any] {
        let data: [String: Any] =
            kind == "login_notice"
            ? ["logged_in_at": "2026-11-21T12:05:00Z", "ip": "198.51.100.24"]
            : ["removed_at": "2026-11-21T03:00:00Z"]
        return [
            "version": 1, "kind": kind, "locale": "en", "to": "user-\(id.lowercased())@example.com", "login_id": "login-\(id)",
            "data": data,
        ]
    }

    /// The producer contract: `tmp/<id>.json`, fsync, rename to `new/<id>.json`.
    func produce(id: String, job: [String: Any]) throws {
        for state in ["tmp", "new"] {
            let directory = spool.appendingPathComponent(state).path
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        chmod(spool.path, 0o700)
        let temporary = spool.appendingPathComponent("tmp/\(id).json").path
        let data = try JSONSerialization.data(withJSONObject: job)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw NSError(domain: "Producer", code: Int(errno)) }
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard rename(temporary, spool.appendingPathComponent("new/\(id).json").path) == 0 else {
            throw NSError(domain: "Producer", code: Int(errno))
        }
    }

    /// A spool record as a JSON object.
    func record(_ state: String, _ id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: spool.appendingPathComponent("\(state)/\(id).json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

extension SMTPSink {
    /// How many complete messages the sink holds per `X-Hikyaku-Job` header.
    func deliveriesByJob() -> [String: Int] {
        var counts: [String: Int] = [:]
        for message in messages() {
            let text = String(decoding: message, as: UTF8.self)
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("X-Hikyaku-Job: ") }) else { continue }
            counts[String(line.dropFirst(15)).trimmingCharacters(in: .whitespacesAndNewlines), default: 0] += 1
        }
        return counts
    }

    /// Every `Message-ID` header the sink received, one per message.
    func messageIDs() -> [String] {
        messages().compactMap { message in
            String(decoding: message, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Message-ID: ") }
                .map { String($0.dropFirst(12)).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }
}
