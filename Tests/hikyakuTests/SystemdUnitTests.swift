// SystemdUnitTests.swift — the example unit agrees with the worker: SIGTERM, a stop timeout above the shutdown bound, HUP reloads.
import Foundation
import XCTest
@testable import HikyakuService

final class SystemdUnitTests: XCTestCase {
    func testTheUnitStopsWithSIGTERMAndWaitsLongerThanTheWorkersShutdownBound() throws {
        let path = Workspace.repository.appendingPathComponent("contrib/systemd/hikyaku@.service").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var settings: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            settings[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        XCTAssertEqual(settings["KillSignal"], "SIGTERM")
        XCTAssertEqual(settings["ExecReload"], "/bin/kill -HUP $MAINPID")
        // The bound RunCommand gives the worker: 4 × smtp.timeout_seconds + 5 s.
        let bound = 4 * Config().smtp.timeoutSeconds + 5
        let timeout = try XCTUnwrap(Int(settings["TimeoutStopSec"] ?? ""))
        XCTAssertGreaterThan(timeout, bound, "systemd must not SIGKILL a worker still finishing its messages")
        XCTAssertTrue(settings["ExecStart"]?.contains(" run ") == true && settings["ExecStart"]?.contains("--once") == false)
        XCTAssertTrue(settings["ExecStart"]?.contains("--metrics-file") == true)
    }
}
