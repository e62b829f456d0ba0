// InternationalAddressTests.swift — an IDN domain travels as its A-label on the wire and shows as its U-label to people.
import Foundation
import XCTest

final class InternationalAddressTests: XCTestCase {
    var space: Workspace!

    override func setUpWithError() throws {
        space = try Workspace()
        try space.writeFileConfig()
        XCTAssertEqual(try space.run(["init"]).status, 0)
    }

    override func tearDown() {
        space.remove()
    }

    func testAnIDNDomainIsMailedAsItsALabelAndListedAsItsULabel() throws {
        let job: [String: Any] = [
            "version": 1, "kind": "deletion_notice", "locale": "ja", "to": "taro@例え.jp", "login_id": "taro1",
            "data": ["removed_at": "2026-11-21T03:00:00Z"],
        ]
        let file = space.root.appendingPathComponent("idn.json")
        try JSONSerialization.data(withJSONObject: job).write(to: file)
        let headers = try space.run(["preview", file.path, "--format", "headers"])
        XCTAssertEqual(headers.status, 0, headers.stderr)
        XCTAssertTrue(headers.stdout.contains("taro@xn--r8jz45g.jp"), headers.stdout)
        XCTAssertFalse(headers.stdout.contains("例え"), "no raw UTF-8 in an address header: \(headers.stdout)")

        XCTAssertEqual(try space.run(["enqueue", "--id", "idn", file.path]).status, 0)
        try space.runWorker()
        let mail = try XCTUnwrap(try space.outboxMail(job: "idn"))
        XCTAssertEqual(mail.defects, [])
        let outbox = space.outbox.appendingPathComponent("new")
        let raw = try FileManager.default.contentsOfDirectory(atPath: outbox.path).map {
            String(decoding: try Data(contentsOf: outbox.appendingPathComponent($0)), as: UTF8.self)
        }.joined()
        XCTAssertTrue(raw.contains("To: taro@xn--r8jz45g.jp"), "the A-label in the To header")
        let list = try space.run(["list", "all"])
        XCTAssertTrue(list.stdout.contains("t****@例え.jp"), list.stdout)

        let local = try space.run(
            ["enqueue", "-"],
            stdin:
                #"{"version":1,"kind":"deletion_notice","locale":"ja","to":"太郎@example.jp","login_id":"taro1","data":{"removed_at":"2026-11-21T03:00:00Z"}}"#
        )
        XCTAssertEqual(local.status, 65, local.stderr)
        XCTAssertTrue(local.stderr.contains("SMTPUTF8"), local.stderr)
    }
}
