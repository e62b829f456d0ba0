// ConfigReturnPathTests.swift — `return_path` is checked when the config is read: a domain, no `+`, room for the tag.
import XCTest

@testable import HikyakuService

final class ConfigReturnPathTests: XCTestCase {
    func load(_ text: String) throws -> Config {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Config.load(path: path)
    }

    func testAbsentOrNullKeepsTheFromAddressAsSender() throws {
        XCTAssertNil(try load("{}").returnPath)
        XCTAssertNil(try load(#"{"return_path":null}"#).returnPath)
    }

    func testAnAddressIsKeptInItsASCIIForm() throws {
        XCTAssertEqual(try load(#"{"return_path":"bounces@bounce.portal.example.jp"}"#).returnPath, "bounces@bounce.portal.example.jp")
        XCTAssertEqual(try load(#"{"return_path":"bounces@例え.jp"}"#).returnPath, "bounces@xn--r8jz45g.jp")
        let config = try load(#"{"return_path":"b@x.jp","return_path_previous_secret_file":"/var/lib/hikyaku/old-secret"}"#)
        XCTAssertEqual(config.returnPathPreviousSecretFile, "/var/lib/hikyaku/old-secret")
    }

    func testBadAddressesAreConfigErrorsNamingTheKey() {
        let longest = String(repeating: "b", count: ReturnPathTag.maximumLocalPartOctets)
        XCTAssertNoThrow(try load(#"{"return_path":"\#(longest)@x.jp"}"#))
        for value in [
            #""bounces""#, #""bounces@""#, #""@x.jp""#, #""bounces+x@x.jp""#, #""\"a b\"@x.jp""#, #""a\r\nb@x.jp""#,
            #""\#(longest)b@x.jp""#, #""bounces@例え..jp""#, "42",
        ] {
            XCTAssertThrowsError(try load(#"{"return_path":\#(value)}"#), value) { error in
                guard let error = error as? ConfigError else { return XCTFail("\(error)") }
                XCTAssertTrue(error.description.contains("return_path"), error.description)
                XCTAssertFalse(error.description.contains("\n"), error.description)
            }
        }
    }
}
