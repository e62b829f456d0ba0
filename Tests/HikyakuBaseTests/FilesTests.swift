// FilesTests.swift — the durable-file steps Tokens builds on: capped reads, replace by rename, publish by link, lock.
import Foundation
import XCTest
@testable import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

final class FilesTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hk-files-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directory = url.path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory).sorted() }

    func testReadIsNilForAMissingFileAndStopsAtTheLimit() throws {
        XCTAssertNil(try Files.read(directory + "/absent", limit: 10))
        try Files.replace(directory + "/f", with: Array(repeating: 7, count: 10_000))
        XCTAssertEqual(try Files.read(directory + "/f", limit: 10_001)?.count, 10_000)
        XCTAssertEqual(try Files.read(directory + "/f", limit: 4097)?.count, 4097, "one more than allowed shows a file too long")
        XCTAssertEqual(try Files.read(directory + "/f", limit: 0), [])
    }

    func testReadNeverFollowsASymbolicLink() throws {
        try Files.replace(directory + "/real", with: [1, 2, 3])
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: directory + "/real")
        XCTAssertThrowsError(try Files.read(directory + "/link", limit: 10)) { error in
            XCTAssertEqual(error as? FileFailure, .io(IOFailure(path: directory + "/link", operation: "open", errno: ELOOP)))
        }
    }

    func testReplaceLeavesTheNewContents0600AndNoTemporary() throws {
        let path = directory + "/record.json"
        try Files.replace(path, with: Array("old\n".utf8))
        try Files.replace(path, with: Array("new\n".utf8))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new\n")
        XCTAssertEqual(try names(), ["record.json"])
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
    }

    func testAFailedReplaceNamesTheStepAndLeavesNothing() throws {
        let path = directory + "/missing-dir/record.json"
        XCTAssertThrowsError(try Files.replace(path, with: [1])) { error in
            guard case .io(let failure)? = error as? FileFailure else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.operation, "open")
            XCTAssertTrue(failure.path.hasPrefix(directory + "/missing-dir/.tmp-"), failure.path)
            XCTAssertTrue(failure.isNotFound)
        }
        try FileManager.default.createDirectory(atPath: directory + "/taken", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: directory + "/taken/x", withIntermediateDirectories: false)
        XCTAssertTrue(FileManager.default.createFile(atPath: directory + "/taken/x/keep", contents: Data()))
        XCTAssertThrowsError(try Files.replace(directory + "/taken/x", with: [1]), "a file cannot replace a directory") { error in
            guard case .io(let failure)? = error as? FileFailure else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.operation, "rename")
            XCTAssertEqual(failure.path, directory + "/taken/x")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/taken"), ["x"], "the temporary is gone")
    }

    func testPublishNeverReplacesAndRemoveIfPresentIgnoresAbsence() throws {
        let first = directory + "/a.new", second = directory + "/b.new", path = directory + "/secret"
        for (name, byte) in [(first, UInt8(1)), (second, UInt8(2))] {
            let fd = try Files.createExclusive(name)
            try Files.writeAll([byte], to: fd, path: name)
            try Files.sync(descriptor: fd, path: name)
            try Files.closeAfterWriting(fd, path: name)
        }
        XCTAssertThrowsError(try Files.createExclusive(first), "O_EXCL")
        XCTAssertTrue(try Files.publish(first, as: path))
        XCTAssertFalse(try Files.publish(second, as: path), "the first one published wins")
        XCTAssertEqual(try Files.read(path, limit: 10), [1])
        try Files.removeIfPresent(first)
        try Files.removeIfPresent(first)
        try Files.removeIfPresent(second)
        XCTAssertEqual(try names(), ["secret"])
    }

    func testTemporaryNamesAreFreshHiddenAndBesideTheirFile() {
        let one = Files.temporaryName(beside: "/state/tokens/x.json"), two = Files.temporaryName(beside: "/state/tokens/x.json")
        XCTAssertNotEqual(one, two)
        XCTAssertTrue(one.hasPrefix("/state/tokens/.tmp-\(getpid())-"), one)
        XCTAssertEqual(one.count, "/state/tokens/.tmp-\(getpid())-".count + 16)
        XCTAssertEqual(Files.parent(of: "/state/x"), "/state")
        XCTAssertEqual(Files.parent(of: "/x"), "/")
        XCTAssertEqual(Files.parent(of: "x"), ".")
    }

    func testAnExclusiveLockExcludesOtherHoldersUntilDiscarded() throws {
        let path = directory + "/lock"
        let held = try Files.lock(path, exclusive: true)
        let other = open(path, O_RDONLY | O_CLOEXEC)
        defer { close(other) }
        XCTAssertNotEqual(flock(other, LOCK_SH | LOCK_NB), 0, "a shared lock waits for the exclusive one")
        Files.discard(descriptor: held)
        XCTAssertEqual(flock(other, LOCK_SH | LOCK_NB), 0)
        let shared = try Files.lock(path, exclusive: false)
        let third = open(path, O_RDONLY | O_CLOEXEC)
        defer { close(third) }
        XCTAssertNotEqual(flock(third, LOCK_EX | LOCK_NB), 0, "an exclusive lock waits for shared ones")
        Files.discard(descriptor: shared)
    }

    func testAppendCreatesA0600FileAddsLinesAndNeverFollowsALink() throws {
        let path = directory + "/log"
        try Files.append(Array("one\n".utf8), to: path)
        try Files.append(Array("two\n".utf8), to: path)
        XCTAssertEqual(try Files.read(path, limit: 100).map { String(decoding: $0, as: UTF8.self) }, "one\ntwo\n")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: path)
        XCTAssertThrowsError(try Files.append(Array("three\n".utf8), to: directory + "/link"))
        XCTAssertEqual(try Files.read(path, limit: 100)?.count, 8)
    }
}
