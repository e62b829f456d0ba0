// SMTPTLSAuthTests.swift — STARTTLS, SMTPS and AUTH through libcurl, against a real aiosmtpd relay with a test certificate.
import Foundation
import XCTest

final class SMTPTLSAuthTests: XCTestCase {
    var space: Workspace!
    var certificate: TestCertificate!
    let user = "hikyaku-relay-user"
    /// A password no other text in the test could contain by accident.
    var password = ""

    override func setUpWithError() throws {
        try Relay.requireAIOSMTPD()
        space = try Workspace()
        certificate = try TestCertificate(in: space.root.appendingPathComponent("tls"))
        password = "pw-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    override func tearDown() {
        space?.remove()
    }

    /// Points the config at `relay` over `scheme`, with the test certificate as the trusted CA.
    private func configure(
        port: Int, scheme: String = "smtp", starttls: String = "required",
        passwordFile: String? = nil, caFile: String? = nil
    ) throws {
        var smtp: [String: Any] = [
            "connections": 1, "timeout_seconds": 5, "helo": "hikyaku.test", "starttls": starttls,
            "username": user, "ca_file": caFile ?? certificate.certificatePath,
        ]
        if let passwordFile { smtp["password_file"] = passwordFile }
        try space.writeConfig(transport: "\(scheme)://127.0.0.1:\(port)", extra: ["smtp": smtp])
    }

    private func writePasswordFile(_ text: String) throws -> String {
        let path = space.root.appendingPathComponent("smtp-password").path
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        return path
    }

    private func lastAttempt(_ state: String, _ id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: space.spool.appendingPathComponent("\(state)/\(id).json"))
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap((record["attempts"] as? [[String: Any]])?.last)
    }

    private func relayOptions(mechanisms: [String] = ["PLAIN", "LOGIN"], smtps: Bool = false) -> Relay.Options {
        Relay.Options(
            certificate: certificate, smtps: smtps, requireStartTLS: !smtps, user: user, password: password,
            mechanisms: mechanisms)
    }

    func testStartTLSRequiredWithAuthPlainAndLoginFromThePasswordFile() throws {
        let passwordFile = try writePasswordFile(password)
        for mechanism in ["PLAIN", "LOGIN"] {
            let relay = try Relay(relayOptions(mechanisms: [mechanism]))
            defer { relay.stop() }
            try configure(port: relay.port, passwordFile: passwordFile)
            let id = "notice-\(mechanism.lowercased())"
            try space.drop(fixture: "jobs/login_notice-ja.json", id: id)
            let run = try space.runWorker()
            XCTAssertTrue(space.files("sent").contains("\(id).json"), "\(mechanism): \(run.stderr)")
            XCTAssertEqual(relay.messages().count, 1)
            XCTAssertEqual(relay.facts(1)["tls"] as? Bool, true, "the message travelled under TLS")
            XCTAssertEqual(relay.facts(1)["auth_user"] as? String, user)
            let auths = relay.events().filter { $0["event"] as? String == "auth" }
            XCTAssertEqual(auths.count, 1)
            XCTAssertEqual(auths.first?["mechanism"] as? String, mechanism)
            XCTAssertEqual(auths.first?["ok"] as? Bool, true, "the relay saw the right user and password")
            XCTAssertEqual(auths.first?["tls"] as? Bool, true, "credentials only under TLS")
            for event in relay.events() where ["mail", "rcpt"].contains(event["event"] as? String) {
                XCTAssertEqual(event["tls"] as? Bool, true, "\(event)")
            }
        }
    }

    func testThePasswordMayComeFromTheEnvironment() throws {
        let relay = try Relay(relayOptions())
        defer { relay.stop() }
        try configure(port: relay.port)
        try space.drop(fixture: "jobs/deletion_notice-en.json", id: "env")
        let run = try space.runWorker(environment: ["HIKYAKU_SMTP_PASSWORD": password])
        XCTAssertEqual(space.files("sent"), ["env.json"], run.stderr)
        XCTAssertEqual(relay.facts(1)["auth_user"] as? String, user)
    }

    func testAWrongPasswordDefersWith535AndThePasswordIsNowhere() throws {
        let wrong = "pw-wrong-" + UUID().uuidString.lowercased()
        let relay = try Relay(relayOptions())
        defer { relay.stop() }
        try configure(port: relay.port, passwordFile: try writePasswordFile(wrong))
        try space.drop(fixture: "jobs/login_notice-en.json", id: "denied")
        let run = try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["denied.json"], run.stderr)
        let attempt = try lastAttempt("deferred", "denied")
        XCTAssertEqual(attempt["code"] as? Int, 535, "\(attempt)")
        XCTAssertEqual(attempt["phase"] as? String, "auth")
        XCTAssertTrue((attempt["reply"] as? String ?? "").hasPrefix("535"), "\(attempt)")
        XCTAssertEqual(relay.messages().count, 0)
        XCTAssertFalse(relay.events().contains { $0["event"] as? String == "mail" }, "no MAIL after a refused AUTH")

        // Neither the password nor its base64 forms (AUTH LOGIN, AUTH PLAIN) in any log, record or reason.
        let forms = [wrong, Data(wrong.utf8).base64EncodedString(), Data("\0\(user)\0\(wrong)".utf8).base64EncodedString()]
        let files = [space.spool, space.state].flatMap { directory -> [URL] in
            let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
            return (walker?.allObjects as? [URL] ?? []).filter { !$0.hasDirectoryPath }
        }
        XCTAssertFalse(files.isEmpty)
        let texts =
            files.map { ($0.path, String(decoding: (try? Data(contentsOf: $0)) ?? Data(), as: UTF8.self)) }
            + [("stderr", run.stderr), ("stdout", run.stdout)]
        for (name, text) in texts {
            for form in forms { XCTAssertFalse(text.contains(form), "the password appears in \(name)") }
        }
        XCTAssertTrue(run.stderr.contains("535"), "the log line says why: \(run.stderr)")
    }

    func testRequiredStartTLSAgainstARelayWithoutItDefersAndSendsNothingInClear() throws {
        let sink = try SMTPSink(in: space.root)
        defer { sink.stop() }
        try configure(port: sink.port, passwordFile: try writePasswordFile(password))
        try space.drop(fixture: "jobs/password_reset-en.json", id: "clear")
        let run = try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["clear.json"], run.stderr)
        let attempt = try lastAttempt("deferred", "clear")
        XCTAssertTrue((attempt["reply"] as? String ?? "").localizedCaseInsensitiveContains("STARTTLS"), "\(attempt)")
        XCTAssertEqual(attempt["phase"] as? String, "starttls")
        XCTAssertEqual(sink.messages().count, 0)
        XCTAssertFalse(run.stderr.contains(password))

        // The same against a relay that records every command: no AUTH, no MAIL in clear.
        let plain = try Relay(Relay.Options())
        defer { plain.stop() }
        try configure(port: plain.port, passwordFile: try writePasswordFile(password))
        try space.runWorker()
        let events = plain.events().compactMap { $0["event"] as? String }
        XCTAssertTrue(events.contains("ehlo"), "\(events)")
        XCTAssertFalse(events.contains("mail") || events.contains("auth") || events.contains("data"), "\(events)")
        XCTAssertEqual(space.files("deferred"), ["clear.json"])
    }

    func testOpportunisticUsesTLSWhenOfferedAndNeverSkipsCertificateChecks() throws {
        let relay = try Relay(Relay.Options(certificate: certificate, user: user, password: password))
        defer { relay.stop() }
        try configure(port: relay.port, starttls: "opportunistic", passwordFile: try writePasswordFile(password))
        try space.drop(fixture: "jobs/otp_code-en.json", id: "opportunistic")
        try space.runWorker()
        XCTAssertEqual(space.files("sent"), ["opportunistic.json"])
        XCTAssertEqual(relay.facts(1)["tls"] as? Bool, true)

        // A certificate the configured CA did not sign: deferred, nothing sent (no fallback to clear text).
        let stranger = try TestCertificate(in: space.root.appendingPathComponent("other-ca"))
        try configure(
            port: relay.port, starttls: "opportunistic", passwordFile: try writePasswordFile(password),
            caFile: stranger.certificatePath)
        try space.drop(fixture: "jobs/otp_code-ja.json", id: "untrusted")
        let run = try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["untrusted.json"], run.stderr)
        XCTAssertEqual(relay.messages().count, 1, "nothing more reached the relay")
    }

    func testImplicitTLSWithSMTPS() throws {
        let relay = try Relay(relayOptions(smtps: true))
        defer { relay.stop() }
        try configure(port: relay.port, scheme: "smtps", passwordFile: try writePasswordFile(password))
        try space.drop(fixture: "jobs/email_change-ja.json", id: "implicit")
        let run = try space.runWorker()
        XCTAssertEqual(space.files("sent"), ["implicit.json"], run.stderr)
        XCTAssertEqual(relay.facts(1)["tls"] as? Bool, true)
        XCTAssertEqual(relay.facts(1)["auth_user"] as? String, user)
        XCTAssertEqual(
            relay.events().first { $0["event"] as? String == "ehlo" }?["tls"] as? Bool, true,
            "TLS from the first command on")
    }

    func testAUsernameWithoutAPasswordIsAConfigErrorAndTouchesNothing() throws {
        let relay = try Relay(relayOptions())
        defer { relay.stop() }
        try configure(port: relay.port)
        try space.drop(fixture: "jobs/login_notice-en.json", id: "waiting")
        let missing = try space.run(["run", "--once"], environment: ["HIKYAKU_SMTP_PASSWORD": ""])
        XCTAssertEqual(missing.status, 78, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("HIKYAKU_SMTP_PASSWORD"), missing.stderr)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)

        try configure(port: relay.port, passwordFile: space.root.appendingPathComponent("no-such-file").path)
        let unreadable = try space.run(["run", "--once"])
        XCTAssertEqual(unreadable.status, 78, unreadable.stderr)
        XCTAssertTrue(unreadable.stderr.contains("password_file"), unreadable.stderr)
        XCTAssertEqual(space.files("new"), ["waiting.json"], "the job waits untouched")
        // (The relay's own readiness probe is a bare "connect"; no SMTP session ever started.)
        XCTAssertFalse(relay.events().contains { $0["event"] as? String == "ehlo" }, "no SMTP session with the relay")
    }

    func testCredentialsNeverTravelInClearTextWhenTLSIsOpportunistic() throws {
        // A relay without STARTTLS that would take AUTH in clear (or a man in the middle stripping STARTTLS).
        var options = Relay.Options(user: user, password: password)
        options.authInClear = true
        let careless = try Relay(options)
        defer { careless.stop() }
        try configure(port: careless.port, starttls: "opportunistic", passwordFile: try writePasswordFile(password))
        try space.drop(fixture: "jobs/login_notice-en.json", id: "guarded")
        let run = try space.runWorker()
        XCTAssertEqual(space.files("deferred"), ["guarded.json"], run.stderr)
        XCTAssertEqual(try lastAttempt("deferred", "guarded")["phase"] as? String, "starttls")
        let events = careless.events().compactMap { $0["event"] as? String }
        XCTAssertTrue(events.contains("ehlo"), "\(events)")
        XCTAssertFalse(events.contains("auth") || events.contains("mail"), "\(events)")

        // Without credentials, opportunistic still delivers in clear to such a relay.
        let open = try Relay(Relay.Options())
        defer { open.stop() }
        try space.writeConfig(
            transport: "smtp://127.0.0.1:\(open.port)",
            extra: ["smtp": ["connections": 1, "timeout_seconds": 5, "starttls": "opportunistic"]])
        try space.drop(fixture: "jobs/login_notice-ja.json", id: "plain")
        try space.runWorker()
        XCTAssertTrue(space.files("sent").contains("plain.json"))
        XCTAssertEqual(open.facts(1)["tls"] as? Bool, false)
    }
}
