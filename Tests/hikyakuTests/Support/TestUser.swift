// TestUser.swift — an unprivileged uid (no account), a throw-away group and account, for running the binary as another user.
import Foundation
import XCTest

/// A uid and gid with no account (picked unused), in `groups`, run through `setpriv`.
struct TestUser {
    static let setpriv = "/usr/bin/setpriv"
    let uid: UInt32
    let gid: UInt32
    let groups: [UInt32]

    /// `setpriv`'s arguments to run `executable` as this user with no capabilities.
    func setprivArguments(_ executable: String) -> [String] {
        let list = groups.isEmpty ? ["--clear-groups"] : ["--groups", groups.map(String.init).joined(separator: ",")]
        return ["--reuid", String(uid), "--regid", String(gid)] + list + ["--inh-caps=-all", "--", executable]
    }

    /// `count` uids (and as many gids) from 40000 up that have no account and no group.
    static func unusedIDs(_ count: Int) -> [UInt32] {
        var found: [UInt32] = []
        var candidate = UInt32(40000 + Int(getpid() % 5000) * 4)
        while found.count < count {
            if getpwuid(candidate) == nil && getgrgid(candidate) == nil { found.append(candidate) }
            candidate += 1
        }
        return found
    }

    /// Runs `/bin/sh -c script` as this user, bounded in time; the exit status.
    func shell(_ script: String, timeout: TimeInterval = 20) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.setpriv)
        process.arguments = setprivArguments("/bin/sh") + ["-c", script]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// A group made with `groupadd` for one test and deleted with `groupdel`.
struct TestGroup {
    let name: String
    let id: UInt32

    static func create() throws -> TestGroup {
        let name = "hkw\(getpid() % 100000)\(Int.random(in: 100...999))"
        XCTAssertEqual(try Self.tool("/usr/sbin/groupadd", [name]), 0, "groupadd \(name)")
        let entry = try XCTUnwrap(getgrnam(name), "group \(name) was not created")
        return TestGroup(name: name, id: UInt32(entry.pointee.gr_gid))
    }

    func remove() { _ = try? Self.tool("/usr/sbin/groupdel", [name]) }

    fileprivate static func tool(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// A system account with its own group, made with `useradd` for one test and deleted with
/// `userdel`: for what names users by name (Postfix's pipe(8) `user=`), as a real install's `hikyaku` user.
struct TestAccount {
    let name: String
    let uid: UInt32
    let gid: UInt32

    /// The account as a `TestUser` (its own group only), to run the binary as it.
    var user: TestUser { TestUser(uid: uid, gid: gid, groups: []) }

    static func create() throws -> TestAccount {
        let name = "hkp\(getpid() % 100000)\(Int.random(in: 100...999))"
        let arguments = [
            "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name,
        ]
        XCTAssertEqual(try TestGroup.tool("/usr/sbin/useradd", arguments), 0, "useradd \(name)")
        let entry = try XCTUnwrap(getpwnam(name), "user \(name) was not created")
        return TestAccount(name: name, uid: UInt32(entry.pointee.pw_uid), gid: UInt32(entry.pointee.pw_gid))
    }

    /// Deletes the account and its group.
    func remove() { _ = try? TestGroup.tool("/usr/sbin/userdel", [name]) }
}
