// ServerSecretTests.swift — secret_file creation and checks, key derivation, seeds, tokens and OTP codes.
import Foundation
import XCTest
@testable import HikyakuTokens

final class ServerSecretTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try TokenTestSupport.makeTemporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func write(_ bytes: [UInt8], to name: String, mode: Int) throws {
        XCTAssertTrue(FileManager.default.createFile(atPath: path(name), contents: Data(bytes)))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path(name))
    }

    private func assertRefused(
        _ name: String, _ problem: TokenError.SecretFileProblem,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try ServerSecret.load(path: path(name)), file: file, line: line) { error in
            XCTAssertEqual(error as? TokenError, .secretFile(path: path(name), problem: problem), file: file, line: line)
        }
    }

    func testCreatesAMissingFile0600With32BytesAndReusesIt() throws {
        let first = try ServerSecret.load(path: path("secret"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path("secret"))
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual((attributes[.size] as? NSNumber)?.intValue, 32)
        let again = try ServerSecret.load(path: path("secret"))
        let seed = TokenTestSupport.seed("reuse")
        XCTAssertEqual(first.linkToken(seed: seed), again.linkToken(seed: seed))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["secret"], "no temp file left")
    }

    func testConcurrentFirstStartsAgreeOnOneSecret() throws {
        let tally = TokenTally()
        let target = path("raced")
        let seed = TokenTestSupport.seed("race")
        DispatchQueue.concurrentPerform(iterations: 12) { _ in
            do { tally.add(try ServerSecret.load(path: target).linkToken(seed: seed)) } catch { tally.add("error \(error)") }
        }
        let token = try ServerSecret.load(path: target).linkToken(seed: seed)
        XCTAssertEqual(tally[token], 12, "every racer must read the winner's secret")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["raced"])
    }

    func testRefusesGroupOrWorldAccess() throws {
        try write(Array(repeating: 7, count: 32), to: "world", mode: 0o644)
        assertRefused("world", .permissive(mode: 0o644))
        try write(Array(repeating: 7, count: 32), to: "group", mode: 0o640)
        assertRefused("group", .permissive(mode: 0o640))
    }

    func testRefusesShortEmptyAndHugeFiles() throws {
        try write(Array(repeating: 7, count: 31), to: "short", mode: 0o600)
        assertRefused("short", .tooShort(byteCount: 31))
        try write([], to: "empty", mode: 0o600)
        assertRefused("empty", .tooShort(byteCount: 0))
        try write(Array(repeating: 7, count: 5000), to: "huge", mode: 0o600)
        assertRefused("huge", .tooLarge(byteCount: 4097))
        try write(Array(repeating: 7, count: 33), to: "long", mode: 0o400)
        XCTAssertNoThrow(try ServerSecret.load(path: path("long")))
    }

    func testRefusesDirectoriesAndSymbolicLinks() throws {
        try FileManager.default.createDirectory(atPath: path("dir"), withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path("dir"))
        assertRefused("dir", .notRegularFile)
        try write(Array(repeating: 7, count: 32), to: "real", mode: 0o600)
        try FileManager.default.createSymbolicLink(atPath: path("link"), withDestinationPath: path("real"))
        assertRefused("link", .notRegularFile)
    }

    func testMissingWithoutCreationIsAnError() {
        XCTAssertThrowsError(try ServerSecret.load(path: path("absent"), createIfMissing: false)) { error in
            XCTAssertEqual(error as? TokenError, .secretFile(path: path("absent"), problem: .missing))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("absent")))
    }

    func testDerivationMatchesTheIndependentVectors() throws {
        let doc = try TokenTestSupport.loadVectors("hikyaku-derivation.json")
        let secretBytes = try XCTUnwrap(Base16.decode(try XCTUnwrap(doc["secret_hex"] as? String)))
        let secret = try ServerSecret(bytes: secretBytes)
        let vectors = try XCTUnwrap(doc["vectors"] as? [[String: Any]])
        XCTAssertEqual(vectors.count, 5)
        XCTAssertTrue(vectors.contains { $0["otp_counter_used"] as? Int == 1 }, "a rejection case is covered")
        XCTAssertTrue(vectors.contains { ($0["otp_code"] as? String)?.hasPrefix("0") == true }, "a leading zero is covered")
        for v in vectors {
            let name = v["name"] as? String ?? "?"
            let seed = try XCTUnwrap(Base16.decode(try XCTUnwrap(v["seed_hex"] as? String)))
            let token = secret.linkToken(seed: seed)
            XCTAssertEqual(token, v["link_token"] as? String, name)
            XCTAssertEqual(secret.digestHex(purpose: "password_reset", of: token), v["digest_password_reset_hex"] as? String, name)
            XCTAssertEqual(secret.digestHex(purpose: "email_change", of: token), v["digest_email_change_hex"] as? String, name)
            let code = secret.otpCode(seed: seed)
            XCTAssertEqual(code, v["otp_code"] as? String, name)
            XCTAssertEqual(secret.digestHex(purpose: "otp_code", of: code), v["digest_otp_code_hex"] as? String, name)
        }
    }

    func testBindingMatchesTheIndependentVectors() throws {
        let doc = try TokenTestSupport.loadVectors("hikyaku-derivation.json")
        let secret = try ServerSecret(bytes: try XCTUnwrap(Base16.decode(try XCTUnwrap(doc["secret_hex"] as? String))))
        let vectors = try XCTUnwrap(doc["binding_vectors"] as? [[String: Any]])
        XCTAssertEqual(vectors.count, 5)
        var tokens: Set<String> = []
        for v in vectors {
            let name = v["name"] as? String ?? "?"
            let seed = try XCTUnwrap(Base16.decode(try XCTUnwrap(v["seed_hex"] as? String)))
            let binding = SeedBinding(
                jobID: try XCTUnwrap(v["job_id"] as? String), purpose: try XCTUnwrap(v["purpose"] as? String),
                loginID: try XCTUnwrap(v["login_id"] as? String), addresses: try XCTUnwrap(v["addresses"] as? [String]))
            let bound = secret.boundSeed(seed, to: binding)
            XCTAssertEqual(Base16.encode(bound), v["bound_seed_hex"] as? String, name)
            XCTAssertEqual(secret.seedMAC(seed, binding: binding), v["seed_mac"] as? String, name)
            XCTAssertTrue(secret.verifiesSeedMAC(try XCTUnwrap(v["seed_mac"] as? String), seed: seed, binding: binding), name)
            if let token = v["link_token"] as? String {
                XCTAssertEqual(secret.linkToken(seed: bound), token, name)
                XCTAssertTrue(tokens.insert(token).inserted, "\(name): the same seed under another binding gives another token")
            } else {
                XCTAssertEqual(secret.otpCode(seed: bound), v["otp_code"] as? String, name)
            }
        }
    }

    func testASeedIsTrustedOnlyWithItsMACForItsOwnBinding() throws {
        let store = TokenStore(storage: MemoryTokenStorage(), secret: try ServerSecret(bytes: TokenTestSupport.secretBytes))
        let seed = TokenTestSupport.seed("sealed"), text = Base64URL.encode(seed)
        let binding = SeedBinding(jobID: "j1", purpose: "password_reset", loginID: "sanka1", addresses: ["a@example.jp"])
        let mac = store.sealSeed(seed, binding: binding)
        XCTAssertEqual(store.trustedSeed(text, mac: mac, binding: binding), store.secret.boundSeed(seed, to: binding))
        XCTAssertNotEqual(store.trustedSeed(text, mac: mac, binding: binding), seed, "never the raw seed")
        XCTAssertNil(store.trustedSeed(text, mac: nil, binding: binding), "a seed written before seeds were sealed")
        XCTAssertNil(store.trustedSeed(nil, mac: mac, binding: binding))
        XCTAssertNil(store.trustedSeed(text, mac: mac + "A", binding: binding))
        for other in [
            SeedBinding(jobID: "j2", purpose: "password_reset", loginID: "sanka1", addresses: ["a@example.jp"]),
            SeedBinding(jobID: "j1", purpose: "email_change", loginID: "sanka1", addresses: ["a@example.jp"]),
            SeedBinding(jobID: "j1", purpose: "password_reset", loginID: "sanka2", addresses: ["a@example.jp"]),
            SeedBinding(jobID: "j1", purpose: "password_reset", loginID: "sanka1", addresses: ["m@example.net"]),
            SeedBinding(jobID: "j1", purpose: "password_reset", loginID: "sanka1", addresses: ["a@example.jp", "m@example.net"]),
            // Field boundaries count: "j1" + "password_reset" is not "j1p" + "assword_reset".
            SeedBinding(jobID: "j1p", purpose: "assword_reset", loginID: "sanka1", addresses: ["a@example.jp"]),
        ] {
            XCTAssertNil(store.trustedSeed(text, mac: mac, binding: other), "\(other)")
            XCTAssertNotEqual(store.secret.boundSeed(seed, to: other), store.secret.boundSeed(seed, to: binding), "\(other)")
        }
    }

    func testRejectionSamplingMovesToTheNextCounter() throws {
        let doc = try TokenTestSupport.loadVectors("hikyaku-derivation.json")
        let secret = try ServerSecret(bytes: try XCTUnwrap(Base16.decode(try XCTUnwrap(doc["secret_hex"] as? String))))
        let vectors = try XCTUnwrap(doc["vectors"] as? [[String: Any]])
        let rejected = try XCTUnwrap(vectors.first { $0["otp_counter_used"] as? Int == 1 })
        let seed = try XCTUnwrap(Base16.decode(try XCTUnwrap(rejected["seed_hex"] as? String)))
        XCTAssertGreaterThanOrEqual(secret.otpDraw(seed: seed, counter: 0), ServerSecret.otpRejectionBound)
        let second = secret.otpDraw(seed: seed, counter: 1)
        XCTAssertLessThan(second, ServerSecret.otpRejectionBound)
        XCTAssertEqual(secret.otpCode(seed: seed), String(format: "%06u", second % 1_000_000))
        XCTAssertEqual(ServerSecret.otpRejectionBound % 1_000_000, 0)
        XCTAssertGreaterThan(UInt64(ServerSecret.otpRejectionBound) + 1_000_000, UInt64(UInt32.max))
    }

    func testPurposesHaveIndependentKeysAndSecretsDiffer() throws {
        let secret = try ServerSecret(bytes: TokenTestSupport.secretBytes)
        let other = try ServerSecret(bytes: Array(TokenTestSupport.secretBytes.reversed()))
        let seed = TokenTestSupport.seed("keys")
        let token = secret.linkToken(seed: seed)
        XCTAssertEqual(token.count, 43)
        XCTAssertNotEqual(secret.digestHex(purpose: "password_reset", of: token), secret.digestHex(purpose: "email_change", of: token))
        XCTAssertNotEqual(token, other.linkToken(seed: seed))
        XCTAssertNotEqual(token, secret.linkToken(seed: TokenTestSupport.seed("keys2")))
        XCTAssertThrowsError(try ServerSecret(bytes: Array(repeating: 1, count: 31)))
    }

    func testRandomSeedsAreFreshAndThirtyTwoBytes() {
        let a = ServerSecret.randomSeed(), b = TokenStore.randomSeed()
        XCTAssertEqual(a.count, 32)
        XCTAssertEqual(b.count, 32)
        XCTAssertNotEqual(a, b)
    }

    func testSecretNeverShowsInTextOrErrors() throws {
        let secret = try ServerSecret(bytes: TokenTestSupport.secretBytes)
        var dumped = ""
        dump(secret, to: &dumped)
        for text in ["\(secret)", String(reflecting: secret), dumped] {
            XCTAssertFalse(text.contains("deriveKey") || text.contains("digestKeys") || text.contains("2021"), text)
        }
        let errors: [TokenError] = [
            .secretFile(path: "/etc/hikyaku/secret", problem: .permissive(mode: 0o644)),
            .secretFile(path: "/etc/hikyaku/secret", problem: .tooShort(byteCount: 3)),
            .secretFile(path: "/etc/hikyaku/secret", problem: .missing),
            .io(path: "/var/lib/hikyaku/state/lock", operation: "flock", errno: EBADF),
            .corruptRecord(path: "/x.json", problem: "not valid"), .badSeed(byteCount: 3),
            .badInput(field: "emails", problem: "empty"),
        ]
        for error in errors {
            XCTAssertFalse(error.description.contains("\n"), error.description)
            XCTAssertFalse(error.description.isEmpty)
        }
        XCTAssertEqual(errors[0].description, "secret file /etc/hikyaku/secret: mode 644 lets group/other users in (chmod 600 it)")
    }
}
