// ConfigRetryTests.swift — the retry settings: defaults, the retry object, the old retry_delay_seconds name, validation.
import XCTest
@testable import HikyakuService

final class ConfigRetryTests: XCTestCase {
    func load(_ text: String) throws -> Config {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Config.load(path: path)
    }

    func testDefaultsAreThirtySecondsDoublingToFifteenMinutesGivingUpAfterADay() throws {
        XCTAssertEqual(Config().retry, Config.Retry(firstSeconds: 30, maxSeconds: 900, giveUpAfterSeconds: 86400))
    }

    func testTheRetryObjectOverlaysTheDefaults() throws {
        let config = try load(#"{"retry":{"first_seconds":10,"give_up_after_seconds":7200}}"#)
        XCTAssertEqual(config.retry, Config.Retry(firstSeconds: 10, maxSeconds: 900, giveUpAfterSeconds: 7200))
    }

    func testRetryDelaySecondsIsTheOldNameOfFirstSeconds() throws {
        XCTAssertEqual(try load(#"{"retry_delay_seconds":5}"#).retry.firstSeconds, 5)
        XCTAssertEqual(try load(#"{"retry_delay_seconds":5,"retry":{"first_seconds":7}}"#).retry.firstSeconds, 7, "the retry object wins")
        let long = try load(#"{"retry_delay_seconds":3600}"#)
        XCTAssertEqual(long.retry.maxSeconds, 3600, "an old fixed delay above the default cap still loads")
    }

    func testBadRetrySettingsAreNamed() throws {
        XCTAssertThrowsError(try load(#"{"retry":{"first_second":1}}"#)) { XCTAssertTrue("\($0)".contains("retry.first_second"), "\($0)") }
        XCTAssertThrowsError(try load(#"{"retry":{"max_seconds":10,"first_seconds":20}}"#)) {
            XCTAssertTrue("\($0)".contains("retry.max_seconds"), "\($0)")
        }
        XCTAssertThrowsError(try load(#"{"retry":{"give_up_after_seconds":0}}"#)) {
            XCTAssertTrue("\($0)".contains("give_up_after_seconds"), "\($0)")
        }
        XCTAssertThrowsError(try load(#"{"retry":{"first_seconds":-1}}"#)) { XCTAssertTrue("\($0)".contains("first_seconds"), "\($0)") }
        XCTAssertThrowsError(try load(#"{"retry":{"first_seconds":"30"}}"#)) { XCTAssertTrue("\($0)".contains("integer"), "\($0)") }
        XCTAssertThrowsError(try load(#"{"retry":30}"#)) { XCTAssertTrue("\($0)".contains("an object"), "\($0)") }
    }
}
