// InboundMaildirTests.swift — taking an MTA's maildir into the inbound spool: rename, copy across file systems, refusals.
import Foundation
import XCTest

@testable import HikyakuBase
@testable import HikyakuSpool

final class InboundMaildirTests: XCTestCase {
    var root: String!
    var spool: DirectorySpool!
    var maildir: String!
    var inbound: InboundSpool { spool.inbound }
    let mail = Data("From: MAILER-DAEMON@mx.example.net\nSubject: Undelivered\n\nbody\n".utf8)

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString.prefix(8))").path
        spool = DirectorySpool(root: root + "/spool")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        try spool.prepare()
        maildir = try makeMaildir(in: root)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    private func makeMaildir(in directory: String) throws -> String {
        let path = directory + "/Maildir"
        for sub in ["", "/new", "/cur", "/tmp"] {
            try FileManager.default.createDirectory(atPath: path + sub, withIntermediateDirectories: false)
            chmod(path + sub, 0o700)
        }
        return path
    }

    func testRegularFilesMoveIntoNewAndOddEntriesIntoQuarantineWithAReason() throws {
        try mail.write(to: URL(fileURLWithPath: maildir + "/new/1733900000.M1P1.host"))
        try mail.write(to: URL(fileURLWithPath: maildir + "/cur/1733900001.M2P1.host:2,S"))
        try mail.write(to: URL(fileURLWithPath: maildir + "/tmp/1733900002.M3P1.host"))
        try mail.write(to: URL(fileURLWithPath: maildir + "/new/.hidden"))
        try mail.write(to: URL(fileURLWithPath: root + "/target"))
        symlink(root + "/target", maildir + "/new/link")
        mkfifo(maildir + "/new/fifo", 0o600)
        link(maildir + "/new/1733900000.M1P1.host", maildir + "/cur/hardlink")
        let big = Data(count: InboundSpool.maxMessageBytes + 1)
        try big.write(to: URL(fileURLWithPath: maildir + "/new/big"))

        let intake = try inbound.intake(maildir: maildir)
        XCTAssertEqual(intake.errors, [])
        XCTAssertEqual(intake.taken.count, 1, "\(intake)")
        XCTAssertEqual(intake.quarantined.count, 5, "\(intake)")
        XCTAssertEqual(try inbound.names(in: .new), intake.taken)
        XCTAssertEqual(intake.taken.first?.source, .maildir)
        XCTAssertEqual(try inbound.message(intake.taken[0], in: .new), Array(mail))
        XCTAssertEqual(try Files.list(maildir + "/new"), [".hidden"])
        XCTAssertEqual(try Files.list(maildir + "/cur"), [])
        XCTAssertEqual(try Files.list(maildir + "/tmp").count, 1, "the MTA's tmp/ is never touched")
        let reasons = try inbound.names(in: .quarantine).compactMap(inbound.reason).joined(separator: "\n")
        for problem in ["symbolic link", "FIFO", "hard links", "over the 2097152-byte limit"] {
            XCTAssertTrue(reasons.contains(problem), "\(problem) in \(reasons)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/target")), mail, "the link's target is untouched")
        XCTAssertEqual(try inbound.intake(maildir: maildir), MaildirIntake(), "a second pass finds nothing")
    }

    func testAnUnsafeOrMissingMaildirIsRefusedWholesale() throws {
        chmod(maildir + "/new", 0o777)
        XCTAssertThrowsError(try inbound.intake(maildir: maildir)) { XCTAssertTrue("\($0)".contains("writable"), "\($0)") }
        // Not there yet (the MTA makes it on its first delivery): said so, never "hikyaku init creates it".
        XCTAssertThrowsError(try inbound.intake(maildir: root + "/none")) { error in
            guard case SpoolError.missingMaildir(root + "/none") = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("inbound_maildir"), "\(error)")
            XCTAssertFalse("\(error)".contains("hikyaku init"), "\(error)")
        }
    }

    func testAcrossFileSystemsACopyIsMadeDurableBeforeTheOriginalGoesAndACrashLeavesNoDuplicate() throws {
        let shm = "/dev/shm"
        var here = stat(), there = stat()
        guard stat(root, &here) == 0, stat(shm, &there) == 0, here.st_dev != there.st_dev else {
            throw XCTSkip("no second file system (/dev/shm) to copy across")
        }
        let other = shm + "/hikyaku-maildir-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: false)
        chmod(other, 0o700)
        defer { try? FileManager.default.removeItem(atPath: other) }
        let remote = try makeMaildir(in: other)
        let file = remote + "/new/1733900000.M1P1.host"
        try mail.write(to: URL(fileURLWithPath: file))
        let intake = try inbound.intake(maildir: remote)
        XCTAssertEqual(intake.taken.count, 1)
        XCTAssertEqual(try inbound.message(intake.taken[0], in: .new), Array(mail))
        XCTAssertFalse(Files.exists(file), "the original goes once the copy is durable")
        XCTAssertEqual(try Files.list(inbound.path(.tmp)), [], "the copy went through tmp/")
        let attributes = try FileManager.default.attributesOfItem(atPath: inbound.path(.new, intake.taken[0].fileName))
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        // A larger file across file systems is copied whole into quarantine, never cut.
        try Data(count: InboundSpool.maxMessageBytes + 10).write(to: URL(fileURLWithPath: remote + "/cur/big"))
        let big = try inbound.intake(maildir: remote)
        XCTAssertEqual(big.quarantined.count, 1)
        let stored = try XCTUnwrap(try inbound.names(in: .quarantine).first)
        let size = try FileManager.default.attributesOfItem(atPath: inbound.path(.quarantine, stored.fileName))[.size] as? NSNumber
        XCTAssertEqual(size?.intValue, InboundSpool.maxMessageBytes + 10)
        XCTAssertFalse(Files.exists(remote + "/cur/big"))
    }

    func testAFileWhoseCopyIsAlreadyStoredIsOnlyRemoved() throws {
        // What a pass that copied the file across file systems and died before its unlink leaves:
        // the original in the maildir, its copy (the same name) already stored, even processed.
        let file = maildir + "/new/1733900000.M1P1.host"
        try mail.write(to: URL(fileURLWithPath: file))
        var info = stat()
        XCTAssertEqual(lstat(file, &info), 0)
        let name = InboundSpool.maildirName(Array("1733900000.M1P1.host".utf8), info)
        try mail.write(to: URL(fileURLWithPath: inbound.path(.done, name.fileName)))
        let intake = try inbound.intake(maildir: maildir)
        XCTAssertEqual(intake.duplicates, 1, "\(intake)")
        XCTAssertEqual(intake.taken, [])
        XCTAssertFalse(Files.exists(file))
        XCTAssertEqual(try inbound.names(in: .new), [], "no second copy")
        XCTAssertEqual(try inbound.message(name, in: .done), Array(mail), "the stored copy stays")
    }
}
