// InternationalAddressTests.swift — `user@例え.jp`: A-labels in the envelope and the header, U-labels for the reader.
import Foundation
import XCTest
import HikyakuBase
@testable import HikyakuMail

/// Issue 13, item 6: an international domain is converted, not refused; a non-ASCII local part
/// still is, with a line that says why.
final class InternationalAddressTests: XCTestCase {
    private func emailChange(to: String, newEmail: String) throws -> Job {
        var object = try MailFixtures.object("email_change-ja_en")
        object["to"] = .string(to)
        object["data"] = .object(["new_email": .string(newEmail)])
        return try JobParser.parse(object: object)
    }

    func testTheDomainTravelsAsALabelsAndReadsAsULabels() throws {
        let job = try emailChange(to: "sho@例え.jp", newEmail: "sho@ドメイン名例。JP")
        XCTAssertEqual(job.to, "sho@xn--r8jz45g.jp", "the envelope's recipient")
        XCTAssertEqual(job.data.text("new_email"), "sho@xn--eckwd4c7cu47r2wf.JP")
        let mail = try MailFixtures.compose("idn", job: job, composer: try MailFixtures.composer())
        let head = String(decoding: mail.bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        XCTAssertTrue(head.contains("<sho@xn--r8jz45g.jp>"), head)
        let verdict = try XCTUnwrap(try EmailJudge.judge([mail.bytes], testCase: self).first)
        XCTAssertEqual(verdict["defects"] as? [String], [])
        XCTAssertEqual((verdict["to"] as? [String: Any])?["addr_spec"] as? String, "sho@xn--r8jz45g.jp")
        let text = EmailJudge.text(verdict, "text/plain")
        XCTAssertTrue(text.contains("変更前のメールアドレス：sho@例え.jp"), text)
        XCTAssertTrue(text.contains("New address:     sho@ドメイン名例.JP"), text)
    }

    func testANonASCIILocalPartOrABadLabelIsRefusedWithAClearLine() {
        func reason(_ to: String) -> String {
            do {
                _ = try emailChange(to: to, newEmail: "a@example.jp")
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(
            reason("小林@例え.jp"),
            "field \"to\": address \"小林@例え.jp\": local part contains non-ASCII \"小\" (U+5C0F) (SMTPUTF8 is not supported: "
                + "only the domain may be international; use an ASCII local part)")
        XCTAssertEqual(
            reason("sho@-例え.jp"),
            "field \"to\": address \"sho@-例え.jp\": international domain: domain label \"-例え\" starts or ends with a hyphen")
    }
}
