// TwoUsersTests+Suppression.swift — in the two-user layout the web user checks the suppression list and never changes it.
import Foundation
import XCTest

extension TwoUsersTests {
    func testTheWebUserChecksTheSuppressionListButCannotChangeOrReadItsLog() throws {
        let initialized = try space.run(["init"], timeout: 60, user: worker)
        XCTAssertEqual(initialized.status, 0, initialized.stderr)
        let list = space.state.appendingPathComponent("suppression")
        var info = stat()
        XCTAssertEqual(lstat(list.path, &info), 0)
        XCTAssertEqual(UInt32(info.st_mode) & 0o7777, 0o2750)
        XCTAssertEqual(UInt32(info.st_gid), group.id)
        let added = try space.run(["suppression", "add", "gone@example.co.jp"], timeout: 60, user: worker)
        XCTAssertEqual(added.status, 0, added.stderr)

        let stopped = try space.run(["suppression", "check", "--email", "Gone@example.co.jp"], timeout: 60, user: web)
        XCTAssertEqual(stopped.status, 1, stopped.stdout + stopped.stderr)
        XCTAssertTrue(stopped.stdout.hasPrefix("suppressed: added by an operator since "), stopped.stdout)
        let fine = try space.run(["suppression", "check", "--email", "fine@example.co.jp"], timeout: 60, user: web)
        XCTAssertEqual(fine.status, 0, fine.stdout + fine.stderr)
        let refused = try space.run(["suppression", "add", "someone@example.co.jp"], timeout: 60, user: web)
        XCTAssertNotEqual(refused.status, 0, "a member changed the list")
        XCTAssertNotEqual(try web.shell("cat \(list.path)/log"), 0, "the web user read the log")
        // The worker's token store accepts the layout with the list in it.
        let ran = try space.run(["run", "--once"], timeout: 60, user: worker)
        XCTAssertEqual(ran.status, 0, ran.stderr)
    }
}
