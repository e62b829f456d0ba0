// Unwritable.swift — makes a directory refuse new entries for a test: chattr +i as root, chmod 0500 otherwise.
import Foundation
import XCTest

/// Makes `path` refuse new entries and returns the undo. Permissions do not stop root, so as root
/// the directory is made immutable (`chattr +i`); otherwise it is made 0500. Throws `XCTSkip`
/// when neither works here (a file system without the immutable attribute, say).
func makeUnwritable(_ path: String) throws -> () -> Void {
    let undo: () -> Void
    if geteuid() == 0 {
        guard runTool("/usr/bin/chattr", ["+i", path]) == 0 else {
            throw XCTSkip("chattr +i is not supported on \(path): cannot simulate an unwritable directory as root")
        }
        undo = { _ = runTool("/usr/bin/chattr", ["-i", path]) }
    } else {
        chmod(path, 0o500)
        undo = { chmod(path, 0o700) }
    }
    // Check that it really refuses, or the test would prove nothing.
    let probe = path + "/.probe-\(getpid())"
    if FileManager.default.createFile(atPath: probe, contents: Data()) {
        unlink(probe)
        undo()
        throw XCTSkip("cannot make \(path) unwritable here")
    }
    return undo
}

/// Runs a tool, returns its exit status (-1 when it could not start).
@discardableResult
func runTool(_ path: String, _ arguments: [String]) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
}
