// ConfigTests.swift — defaults run the demo; a file overlays them strictly.
import XCTest
@testable import HikyakuService

final class ConfigTests: XCTestCase {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testDefaultsAreTheEmbeddedFileTransport() throws {
        let config = try Config.load(explicit: nil, environment: [:])
        XCTAssertEqual(config.transport, "file:./outbox")
        XCTAssertEqual(config.lifetime("password_reset"), 3600)
        XCTAssertEqual(config.lifetime("email_change"), 86400)
        XCTAssertEqual(config.lifetime("otp_code"), 600)
        XCTAssertEqual(config.smtp.connections, 4)
    }

    func testFileOverlaysDefaults() throws {
        let path = try write(
            #"{"transport":"smtp://127.0.0.1:2525","smtp":{"connections":8,"starttls":"required","helo":"mx.example.jp"},"lifetimes":{"password_reset":300},"from":{"address":"noreply@example.jp"}}"#
        )
        let config = try Config.load(path: path)
        XCTAssertEqual(config.transport, "smtp://127.0.0.1:2525")
        XCTAssertEqual(config.smtp.connections, 8)
        XCTAssertEqual(config.smtp.starttls, .required)
        XCTAssertEqual(config.lifetime("password_reset"), 300)
        XCTAssertEqual(config.lifetime("otp_code"), 600)
        XCTAssertEqual(config.from.address, "noreply@example.jp")
        XCTAssertEqual(try Config.load(explicit: nil, environment: ["HIKYAKU_CONFIG": path]).smtp.connections, 8)
    }

    func testUnknownKeysAndWrongTypesAreNamed() throws {
        XCTAssertThrowsError(try Config.load(path: try write(#"{"spol":"x"}"#))) {
            XCTAssertTrue("\($0)".contains("unknown key \"spol\""), "\($0)")
        }
        XCTAssertThrowsError(try Config.load(path: try write(#"{"smtp":{"conections":2}}"#))) {
            XCTAssertTrue("\($0)".contains("smtp.conections"), "\($0)")
        }
        XCTAssertThrowsError(try Config.load(path: try write(#"{"smtp":{"connections":"4"}}"#))) {
            XCTAssertTrue("\($0)".contains("must be a integer") || "\($0)".contains("integer"), "\($0)")
        }
        XCTAssertThrowsError(try Config.load(path: try write(#"{"transport":"ftp://x"}"#)))
        XCTAssertThrowsError(try Config.load(path: try write(#"{"smtp":{"starttls":"maybe"}}"#)))
        XCTAssertThrowsError(try Config.load(path: try write("{")))
        XCTAssertThrowsError(try Config.load(path: try write(#"{"lifetimes":{"otp_code":0}}"#))) {
            XCTAssertTrue("\($0)".contains("lifetimes.otp_code"), "\($0)")
        }
    }
}
