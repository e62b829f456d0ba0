// ConfigJSONTests.swift — a config file is read as JSONSerialization read it: its leniencies kept, its types strict.
import XCTest
@testable import HikyakuService

final class ConfigJSONTests: XCTestCase {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testWhatFoundationAcceptedStillLoadsButAKeyNamedTwiceDoesNot() throws {
        let config = try Config.load(path: try write("\u{FEFF}{\"smtp\":{\"connections\":6,},\"otp_max_attempts\":7,}"))
        XCTAssertEqual(config.smtp.connections, 6)
        XCTAssertEqual(config.otpMaxAttempts, 7)
        XCTAssertThrowsError(try Config.load(path: try write(#"{"otp_max_attempts":3,"otp_max_attempts":7}"#))) {
            guard case .invalid(_, "otp_max_attempts", "named twice in one object")? = $0 as? ConfigError else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try Config.load(path: try write(#"{"secret_file":null,"smtp":{"tls_verify":false}}"#)).smtp.tlsVerify, false)
    }

    func testTopLevelShapesAndNumberTypes() throws {
        for text in [#""x""#, "3", "null", "{} {}"] {
            XCTAssertThrowsError(try Config.load(path: try write(text)), text) {
                guard case .notJSON? = $0 as? ConfigError else { return XCTFail("\(text): \($0)") }
            }
        }
        XCTAssertThrowsError(try Config.load(path: try write("[1]"))) {
            guard case .wrongType(_, "(top level)", _)? = $0 as? ConfigError else { return XCTFail("\($0)") }
        }
        for text in [#"{"smtp":{"connections":4.0}}"#, #"{"smtp":{"connections":true}}"#, #"{"smtp":{"connections":4e0}}"#] {
            XCTAssertThrowsError(try Config.load(path: try write(text)), text) {
                guard case .wrongType(_, "smtp.connections", "an integer")? = $0 as? ConfigError else { return XCTFail("\(text): \($0)") }
            }
        }
        XCTAssertThrowsError(try Config.load(path: try write(#"{"smtp":{"tls_verify":1}}"#))) {
            guard case .wrongType(_, "smtp.tls_verify", "a boolean")? = $0 as? ConfigError else { return XCTFail("\($0)") }
        }
    }
}
