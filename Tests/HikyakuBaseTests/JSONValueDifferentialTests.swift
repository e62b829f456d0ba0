// JSONValueDifferentialTests.swift — the parser accepts and reads exactly what JSONSerialization did, on fixture jobs and their damaged copies.
import XCTest
@testable import HikyakuBase

final class JSONValueDifferentialTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Foundation's reading as a `JSONValue`, nil when it refused (it refused any top-level scalar).
    func foundation(_ data: Data) -> JSONValue? {
        (try? JSONSerialization.jsonObject(with: data)).flatMap { JSONValue(foundationObject: $0) }
    }

    /// This parser's reading with Foundation's leniencies, nil when it refused or read a scalar.
    func ours(_ data: Data) -> JSONValue? {
        guard let value = try? JSONValue.parse(data, options: .foundationCompatible) else { return nil }
        return value.objectValue != nil || value.arrayValue != nil ? value : nil
    }

    func fixtures() throws -> [(String, Data)] {
        var files: [(String, Data)] = []
        for folder in ["fixtures/jobs", "fixtures/bad-jobs"] {
            let directory = repository.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
                files.append((name, try Data(contentsOf: directory.appendingPathComponent(name))))
            }
        }
        return files
    }

    func testEveryFixtureReadsAsFoundationReadIt() throws {
        let files = try fixtures()
        XCTAssertGreaterThan(files.count, 20)
        var accepted = 0
        for (name, data) in files {
            XCTAssertEqual(ours(data), foundation(data), name)
            if ours(data) != nil { accepted += 1 }
        }
        XCTAssertGreaterThan(accepted, 15, "most fixtures are JSON")
    }

    func testTruncatedAndDamagedFixturesAreAcceptedAndReadAlike() throws {
        var compared = 0
        for (name, data) in try fixtures() {
            let bytes = [UInt8](data)
            for end in stride(from: 0, to: bytes.count, by: 1) {
                let prefix = Data(bytes[..<end])
                XCTAssertEqual(ours(prefix), foundation(prefix), "\(name) cut at \(end)")
                compared += 1
            }
            for position in bytes.indices {
                for replacement: UInt8 in [0x00, 0x01, 0x20, 0x22, 0x2C, 0x30, 0x5C, 0x5D, 0x7D, 0xFF] where bytes[position] != replacement
                {
                    var damaged = bytes
                    damaged[position] = replacement
                    let copy = Data(damaged)
                    XCTAssertEqual(ours(copy), foundation(copy), "\(name): byte \(position) → \(replacement)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 10_000)
    }
}
