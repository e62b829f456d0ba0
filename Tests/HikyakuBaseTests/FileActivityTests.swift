// FileActivityTests.swift — the Files layer counts every file it creates and every sync it issues, once each.
import Foundation
import XCTest
@testable import HikyakuBase
#if canImport(Glibc)
import Glibc
#endif

final class FileActivityTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hk-activity-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directory = url.path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `body` and returns what it added to the counters.
    private func counted(_ body: () throws -> Void) rethrows -> FileActivity {
        let before = FileActivity.now
        try body()
        return FileActivity.now.since(before)
    }

    func testEachDurableStepCountsItsFileAndItsSyncs() throws {
        XCTAssertEqual(
            try counted { try Files.replace(directory + "/a", with: [1]) },
            FileActivity(filesCreated: 1, fileSyncs: 1, directorySyncs: 1), "temporary, fsync, rename, directory fsync")
        XCTAssertEqual(
            try counted { try Files.writeDurably(Data([2]), to: directory + "/b", modified: nil) },
            FileActivity(filesCreated: 1, fileSyncs: 1))
        XCTAssertEqual(
            try counted { close(try Files.write(Data([3]), to: directory + "/c", modified: nil)) }, FileActivity(filesCreated: 1),
            "written, not synced")
        XCTAssertEqual(try counted { try Files.syncDirectory(directory) }, FileActivity(directorySyncs: 1))
        let descriptor = try Files.createExclusive(directory + "/d")
        defer { close(descriptor) }
        XCTAssertEqual(try counted { try Files.sync(descriptor: descriptor, path: directory + "/d") }, FileActivity(fileSyncs: 1))
        XCTAssertEqual(
            try counted { XCTAssertThrowsError(try Files.createExclusive(directory + "/d")) }, FileActivity(),
            "a file that exists is not created")
        XCTAssertEqual(
            try counted { XCTAssertThrowsError(try Files.writeDurably(Data(), to: directory + "/b", modified: nil)) }, FileActivity())
    }

    func testAnAppendCountsItsFileOnlyTheFirstTime() throws {
        let path = directory + "/journal"
        XCTAssertEqual(
            try counted { try Files.append([0x61, 0x0A], to: path) }, FileActivity(filesCreated: 1, fileSyncs: 1, directorySyncs: 1),
            "a new journal: created, fsynced, its directory fsynced")
        XCTAssertEqual(try counted { try Files.append([0x62, 0x0A], to: path) }, FileActivity(fileSyncs: 1))
    }

    func testALockFileCountsOnlyWhenItIsMade() throws {
        let path = directory + "/lock"
        XCTAssertEqual(try counted { Files.discard(descriptor: try Files.lock(path, exclusive: true)) }, FileActivity(filesCreated: 1))
        XCTAssertEqual(try counted { Files.discard(descriptor: try Files.lock(path, exclusive: false)) }, FileActivity())
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
    }

    func testOpenCreatingIfMissingActsAsOpenWithOCreat() throws {
        // A dangling link: missing to a plain open, present to O_EXCL; O_CREAT follows it, as before.
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: directory + "/target")
        let followed = Files.openCreatingIfMissing(directory + "/link", flags: O_RDWR | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(followed, 0)
        close(followed)
        XCTAssertTrue(Files.exists(directory + "/target"))
        XCTAssertEqual(Files.openCreatingIfMissing(directory + "/link", flags: O_RDWR | O_CLOEXEC | O_NOFOLLOW), -1)
        XCTAssertEqual(errno, ELOOP)
        XCTAssertEqual(Files.openCreatingIfMissing(directory + "/missing/x", flags: O_RDWR | O_CLOEXEC), -1)
        XCTAssertEqual(errno, ENOENT)
    }

    func testAGroupSyncCountsEachFsyncOrOneSyncfs() throws {
        let descriptors = try (0..<5).map { try Files.write(Data([UInt8($0)]), to: directory + "/g\($0)", modified: nil) }
        defer { for descriptor in descriptors { close(descriptor) } }
        XCTAssertEqual(counted { XCTAssertNil(FileSystemSync.contents(of: Array(descriptors.prefix(2)))) }, FileActivity(fileSyncs: 2))
        XCTAssertEqual(
            counted { XCTAssertNil(FileSystemSync.contents(of: descriptors)) }, FileActivity(fileSystemSyncs: 1),
            "five files on one file system: one syncfs")
        XCTAssertEqual(FileActivity(fileSyncs: 2, directorySyncs: 3).fsyncs, 5)
    }
}
