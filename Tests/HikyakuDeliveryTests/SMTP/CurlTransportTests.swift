// CurlTransportTests.swift — libcurl is opened on the first SMTP transport; a missing one is a clear error.
import XCTest
@testable import HikyakuDelivery

final class CurlTransportTests: XCTestCase {
    func testMissingLibraryIsOneActionableLine() {
        guard case .failure(let error) = CurlTransport.load("libcurl-hikyaku-absent.so.4") else {
            return XCTFail("a soname that does not exist was loaded")
        }
        guard case .curlUnavailable(let library, let reason) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(library, "libcurl-hikyaku-absent.so.4")
        XCTAssertTrue(reason.contains("libcurl-hikyaku-absent.so.4"), reason)  // dlerror() names the file
        let line = error.description
        XCTAssertTrue(line.hasPrefix("libcurl: cannot load libcurl-hikyaku-absent.so.4: "), line)
        XCTAssertTrue(line.hasSuffix("(SMTP delivery needs it: apt-get install -y libcurl4)"), line)
        XCTAssertFalse(line.contains("\n"), line)
    }

    func testLibraryWithoutCurlIsRefusedBySymbol() {
        guard case .failure(.curlUnavailable(_, let reason)) = CurlTransport.load("libc.so.6") else {
            return XCTFail("libc was taken for libcurl")
        }
        XCTAssertEqual(reason, "missing symbol curl_global_init")
    }

    func testSMTPTransportLoadsTheRealLibrary() throws {
        XCTAssertEqual(CurlTransport.soname, "libcurl.so.4")
        guard case .success = CurlTransport.load(CurlTransport.soname) else { return XCTFail("libcurl.so.4 did not load") }
        // Nothing is sent: the connection opens on the first send.
        let smtp = try TransportSpec(parsing: "smtp://127.0.0.1:1")
        XCTAssertEqual(smtp, .smtp(host: "127.0.0.1", port: 1, implicitTLS: false))
        XCTAssertTrue(try TransportFactory.make(smtp, smtp: SMTPSettings(), password: nil) is CurlTransport)
        let file = try TransportSpec(parsing: "file:/nonexistent")
        XCTAssertTrue(try TransportFactory.make(file, smtp: SMTPSettings(), password: nil) is FileTransport)
    }

    func testTransportSpecsParseOnceAndRefuseTheRest() throws {
        XCTAssertEqual(
            try TransportSpec(parsing: "smtps://relay.example.jp"), .smtp(host: "relay.example.jp", port: 465, implicitTLS: true))
        XCTAssertEqual(try TransportSpec(parsing: "smtp://relay.example.jp"), .smtp(host: "relay.example.jp", port: 25, implicitTLS: false))
        XCTAssertEqual(try TransportSpec(parsing: "file:./outbox"), .file(directory: "./outbox"))
        for bad in ["lmtp://x", "smtp://", "relay.example.jp:25", ""] {
            XCTAssertThrowsError(try TransportSpec(parsing: bad)) { XCTAssertEqual($0 as? SMTPError, .badTransport(bad)) }
        }
    }
}
