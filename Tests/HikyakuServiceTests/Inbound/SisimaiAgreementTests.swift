// SisimaiAgreementTests.swift — the classifier gives Sisimai's hard/soft verdict on the fixtures, and never hard where it says soft.
import Foundation
import HikyakuBase
import HikyakuTestSupport
import XCTest

@testable import HikyakuService

/// Runs Sisimai (libsisimai-perl, through scripts/lib/sisimai-verdicts.pl) over every fixture
/// and compares its verdict per recipient with the classifier's: at least 90 % the same, and no
/// hard verdict where Sisimai says soft but those expected.json names with a reason (`sisimai`).
/// Files Sisimai reads no bounce from are reported and left out. Skipped only when perl cannot
/// load Sisimai (scripts/test installs it).
final class SisimaiAgreementTests: XCTestCase {
    static let repository = InboundFixtureTests.fixtures.deletingLastPathComponent().deletingLastPathComponent()

    /// One recipient's verdict from Sisimai: its reason and hard (true), soft (false) or undecided (nil).
    struct Verdict {
        var reason: String
        var hard: Bool?
    }

    func testAgreesWithSisimai() throws {
        let scratch = try Scratch.directory(prefix: "hikyaku-sisimai")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let probe = try Spawn.run("/usr/bin/perl", ["-MSisimai", "-e", "1"], timeout: 30)
        guard probe.status == 0 else {
            throw XCTSkip("perl cannot load Sisimai (apt-get install libsisimai-perl, as scripts/test does)")
        }
        let names = try InboundFixtureTableTests.fixtureNames()
        let output = scratch.appendingPathComponent("verdicts.tsv").path
        let script = Self.repository.appendingPathComponent("scripts/lib/sisimai-verdicts.pl").path
        let paths = names.map { InboundFixtureTests.fixtures.appendingPathComponent($0).path }
        let run = try Spawn.run("/usr/bin/perl", [script] + paths, stdout: output, timeout: 120)
        XCTAssertEqual(run.status, 0, "sisimai-verdicts.pl failed")
        var sisimai: [String: [String: Verdict]] = [:]
        var unread: [String] = []
        for line in try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let name = (fields[0] as NSString).lastPathComponent
            guard fields.count >= 4 else {
                unread.append(name)
                continue
            }
            sisimai[name, default: [:]][fields[1]] = Verdict(reason: fields[2], hard: fields[3] == "-" ? nil : fields[3] == "1")
        }
        let expectations = try InboundFixtureTableTests.expectations()
        let known = Set(expectations.filter { $0.value["sisimai"] != nil }.keys)
        var compared = 0
        var same = 0
        var costly: [String] = []
        for name in names {
            guard let verdicts = sisimai[name] else { continue }
            let bytes = try [UInt8](Data(contentsOf: InboundFixtureTests.fixtures.appendingPathComponent(name)))
            let report = try InboundClassifier.classify(bytes)
            for (address, verdict) in verdicts {
                guard let hard = verdict.hard else { continue }
                compared += 1
                guard let ours = report.recipients.first(where: { $0.address.lowercased() == address }) else {
                    XCTFail("\(name): Sisimai found \(address) (\(verdict.reason)), the classifier did not")
                    continue
                }
                if ours.hard == hard { same += 1 }
                if ours.hard && !hard { costly.append(name) }
            }
        }
        print("SisimaiAgreementTests: \(same) of \(compared) recipients with Sisimai's verdict; Sisimai read no bounce from: \(unread)")
        XCTAssertGreaterThanOrEqual(compared, 40)
        XCTAssertGreaterThanOrEqual(Double(same) / Double(max(compared, 1)), 0.9, "\(same) of \(compared) the same")
        XCTAssertEqual(Set(costly).subtracting(known), [], "hard where Sisimai says soft, and expected.json names no reason")
    }
}
